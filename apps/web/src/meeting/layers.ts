/**
 * The simulcast spatial layer that fits a video rendered `width` CSS pixels wide. Camera layers are ¼, ½ and full
 * resolution (320, 640 and 1280 pixels wide for a 720p camera); high-density screens count up to twice the pixels.
 */
export function spatialLayerFor(width: number, devicePixelRatio = 1): number {
  const pixels = width * Math.min(Math.max(devicePixelRatio, 1), 2);
  if (pixels < 400) return 0;
  if (pixels < 800) return 1;
  return 2;
}
