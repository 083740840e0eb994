/** `actkit-batch --help` and `actkit-batch apply --help`. */
export const USAGE = `usage: actkit-batch <command> [options]

commands:
  demo [--size-log2 N]     the PyTorch example, throughput, pool speedup, naive loop vs actkit (default)
  apply <activation> <input...> -o <output>
                           run an activation over .npy, .npz, .f32 and .f64 files, streaming on every core
  help [command]           this text

Run 'actkit-batch apply --help' for apply's options.
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
