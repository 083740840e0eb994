/**
 * The playground: four views of actkit in one page, each a module with one job —
 * activations (views/activations.ts), the pool off the main thread (views/throughput.ts),
 * training in a worker (views/training.ts) and softmax (views/softmax.ts).
 *
 * State for tests and curious users lands in `window.__actkit` and `document.body.dataset`
 * (`isolated`, `plotted`, `poolMode`, `poolThreads`, `poolResult`, `training`, `softmax`).
 */
import { $ } from './state.js';
import { mountActivations } from './views/activations.js';
import { mountSoftmax } from './views/softmax.js';
import { mountThroughput } from './views/throughput.js';
import { mountTraining } from './views/training.js';

const isolated = globalThis.crossOriginIsolated === true;
document.body.dataset['isolated'] = String(isolated);
$('#not-isolated').hidden = isolated;

mountActivations($('#activations-view'));
mountThroughput($('#throughput-view'));
mountTraining($('#training-view'));
mountSoftmax($('#softmax-view'));
