/** Activation health: dead and saturated units, activation statistics and gradient norms per layer and epoch. */
export { ActivationHealth, monitorHealth, type ActivationHealthOptions } from './monitor.js';
export { gradNormRatio, type HealthReport, type LayerHealth, type ParameterHealth } from './report.js';
export { boundsOf, saturationBand, SATURATION_FRACTION, type OutputBounds } from './bounds.js';
export { l2Norm } from './grad-stats.js';
