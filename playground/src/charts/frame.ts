/** The drawing area every chart shares; the SVG scales to its container's width. */
export const frame = {
  width: 480,
  height: 220,
  left: 52,
  right: 14,
  top: 12,
  bottom: 44,
} as const

export const plot = {
  x0: frame.left,
  x1: frame.width - frame.right,
  y0: frame.height - frame.bottom,
  y1: frame.top,
} as const
