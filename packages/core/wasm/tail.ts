// Masked tails shared by every kernel: lanes 0..r-1 loaded into a zero vector and stored back,
// so a tail runs the same vector code as the body and touches nothing past the n elements.

// ---------------------------------------------------------------- masked tail helpers (r = 1..3)
// @ts-ignore: decorator
@inline export function loadTail(p: usize, r: u32): v128 {
  let v = i32x4.splat(0);
  v = v128.load32_lane(p, v, 0);
  if (r > 1) v = v128.load32_lane(p + 4, v, 1);
  if (r > 2) v = v128.load32_lane(p + 8, v, 2);
  return v;
}
// @ts-ignore: decorator
@inline export function storeTail(p: usize, v: v128, r: u32): void {
  v128.store32_lane(p, v, 0);
  if (r > 1) v128.store32_lane(p + 4, v, 1);
  if (r > 2) v128.store32_lane(p + 8, v, 2);
}

