/** `actkit-batch --help` and `actkit-batch apply --help`. */
export const USAGE = `usage: actkit-batch <command> [options]

commands:
  demo [--size-log2 N] [--no-train]
                           the PyTorch example, throughput, pool speedup, naive loop vs actkit, and a
                           short Fashion-MNIST training run with activation health (default)
  apply <activation> <input...> -o <output>
                           run an activation over .npy, .npz, .f32 and .f64 files, streaming on every core
  train --model mlp|cnn --out model.safetensors
                           train a model on Fashion-MNIST (@actkit/models' fit) and save it as safetensors
  evaluate model.safetensors [--model mlp|cnn|pytorch-mlp]
                           test loss, accuracy and per-class accuracy on the 10,000 t10k images
  predict model.safetensors <images.npy | images-idx3-ubyte[.gz]> [--out preds.npy] [--probs]
                           the class (or probabilities) of each image
  submit <activation> <inputs...> -o <output> --redis URL [--wait]
                           cut .npy files into chunk jobs on a BullMQ queue (Redis) for any number of workers
  worker --redis URL       run chunk jobs on this machine's pool until SIGTERM
  status --redis URL [job id]
                           workers, progress, and every failed chunk with its reason
  help [command]           this text

Run 'actkit-batch <command> --help' for a command's options.
`;

export const TRAIN_USAGE = `usage: actkit-batch train --model mlp|cnn --out model.safetensors [options]

Trains on Fashion-MNIST's training images (Adam, the learning rate halved every 5 epochs), scores
the 10,000 t10k images after each epoch, and writes the weights as safetensors (PyTorch's
state-dict keys) with the architecture in the metadata, through a temporary file and a rename.
SIGINT/SIGTERM stop it between two steps and leave no output.

models:
  mlp    784-256-128-10, ReLU; defaults: 20 epochs, batch 128, lr 1e-3 (0.897 in a full run)
  cnn    2 x (conv 3x3 + ReLU + max-pool 2), Linear 3136-128, ReLU, dropout 0.3;
         defaults: 10 epochs, batch 64, lr 1e-3

options:
  -m, --model mlp|cnn      the architecture
  -o, --out PATH           the safetensors file to write (its folder is made if missing)
      --epochs N           passes over the training images
      --batch-size B       images per step
      --lr X               Adam's initial learning rate
      --limit N            train on the first N training images only (1..60000)
      --test-limit N       score the first N t10k images only (default all 10,000)
      --data DIR           the four Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)
      --health             after each epoch: dead ReLU share per layer, saturation, and the
                           first/last weight-gradient norm ratio (@actkit/models' monitorHealth)
  -q, --quiet              no progress, no epoch lines (the last line still prints)
      --json               a machine-readable summary on stdout (epochs, health, test accuracy)
      --progress bar|lines|none    progress style (default: bar on a TTY, lines otherwise)
  -h, --help               this text

exit status: 0 saved; 1 a bad input (missing data, unwritable --out); 2 bad command line;
130/143 stopped by SIGINT/SIGTERM (nothing written).
`;

export const EVALUATE_USAGE = `usage: actkit-batch evaluate model.safetensors [--model mlp|cnn|pytorch-mlp] [--data DIR] [--json]

Test loss (cross-entropy), accuracy and accuracy per class of a safetensors model on the 10,000
t10k images. The architecture comes from the file's metadata (files written by train), or from
--model, which wins: PyTorch's tools/reference/models/fmnist-mlp.safetensors is --model pytorch-mlp.

options:
  -m, --model NAME         mlp, cnn or pytorch-mlp (Linear 784-256, ReLU, Dropout 0.1, Linear 256-128,
                           GELU, Linear 128-10)
      --test-limit N       the first N t10k images only (default all 10,000)
      --data DIR           the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)
      --json               loss, accuracy, perClass and the confusion matrix [label][predicted] as JSON
  -h, --help               this text

exit status: 0 done; 1 a bad model file (missing, not safetensors, no architecture, weights that
do not fit) or missing data; 2 bad command line.
`;

export const PREDICT_USAGE = `usage: actkit-batch predict model.safetensors <input> [--out preds.npy] [--probs] [--model NAME] [--json]

The class of each image of <input>: a .npy of float32/float64 images of shape [N, 784],
[N, 28, 28] or [N, 1, 28, 28] with pixels in [0, 1], or an IDX images file (u8 [N, 28, 28],
gzipped or not; scaled by 1/255, as Fashion-MNIST is for training). Without --out, one line per
image: index, class, class name (and the 10 probabilities with --probs).

options:
  -o, --out PATH           write a .npy instead: int32 [N] classes, or with --probs float32 [N, 10]
                           softmax probabilities (through a temporary file and a rename)
      --probs              probabilities instead of classes
  -m, --model NAME         the architecture, for a file without it in its metadata
      --json               classes (or the output's shape) and per-class counts as JSON
  -h, --help               this text

exit status: 0 done; 1 a bad model or input (a shape that is not images, a corrupt file) or an
unwritable --out; 2 bad command line (an --out that is the model or the input).
`;

export const APPLY_USAGE = `usage: actkit-batch apply <activation> <input...> -o <output> [options]
       actkit-batch apply <activation> <input> <output> [options]

Inputs are files, folders (every .npy/.npz/.f32/.f64 inside, recursively) or quoted globs
('data/*.npy', 'runs/**/x.npy'). With one input file, -o is the output file (or a folder);
with several, a folder, or a glob, -o is a folder (made if missing), and each output keeps its
input's relative path. The output keeps the input's shape, dtype and byte order.

options:
  -o, --output PATH        output file, or folder for many inputs
  -p, --param NAME=VALUE   an activation parameter; VALUE is JSON (true, 0.2, [0.25,0.5], "tanh"),
                           NaN, Infinity, -Infinity, or a bare word. Repeatable.
      --dim N              axis of softmax, log_softmax, softmin, glu (same as --param dim=N)
      --shape D0,D1,...    the data's shape: required for raw files under axis/per-channel ops;
                           for .npy, a reshape with as many elements. Accepted for every activation.
      --dtype float32|float64      dtype of raw files not named .f32/.f64
      --out-dtype float32|float64  convert the input to this dtype, then apply (default: keep)
      --array NAME         only this member of an .npz (output .npz, or .npy)
      --resume             skip inputs whose output is already complete
  -j, --jobs N             files processed at once (default 2)
      --threads N          pool worker threads (default: every core)
      --backend auto|js|wasm       kernels (default auto: wasm SIMD for float32 where it exists)
      --chunk-mib N        MiB per chunk (default 16, fractions allowed); two chunks per file in flight
      --max-memory-mib N   refuse an axis whose whole slices need more than this (default 1024)
  -q, --quiet              no progress, no notices
      --json               print a machine-readable summary on stdout (and no progress)
      --progress bar|lines|none    force a progress style (default: bar on a TTY, lines otherwise)
  -h, --help               this text

exit status: 0 all files done or skipped; 1 some file failed (the others are done; the summary
lists it); 2 bad command line (nothing was started); 130/143 interrupted by SIGINT/SIGTERM
(temporary files removed).
`;
