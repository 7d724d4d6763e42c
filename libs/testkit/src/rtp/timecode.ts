/**
 * The time code every synthetic source carries, so a recording (or any receiver) can measure when what it got was
 * made: the wall clock, read by ffmpeg as it makes each frame (`time(0)`), modulo a 2 s period.
 * - Video: a black strip along the bottom (1/22.5 of the height) with a white bar whose left edge sits at
 *   (wall clock mod 2 s) / 2 s of the free width: any frame tells, to a few ms, when it was made.
 * - Audio: the tone plays 6× louder (a beep) for the first 100 ms of every even wall-clock second.
 * Being on the wall clock, the marks of separate processes (a participant's camera and mic) line up.
 */
export const TIMECODE = {
  periodS: 2,
  /** Strip height and bar width as fractions of the frame's height and width. */
  stripHeight: 16 / 360,
  barWidth: 8 / 640,
  beepS: 0.1,
  beepGain: 6,
} as const;

const even = (value: number): number => Math.max(2, Math.round(value / 2) * 2);

/** The strip and bar in pixels for a frame of this size. */
export function timecodeGeometry(width: number, height: number): { strip: number; bar: number } {
  return { strip: even(height * TIMECODE.stripHeight), bar: even(width * TIMECODE.barWidth) };
}

/** lavfi graph: `source` (a video source filter) with the time-code strip and bar drawn on it. */
export function timecodedVideo(source: string, width: number, height: number, frameRate: number): string {
  const { strip, bar } = timecodeGeometry(width, height);
  const position = `mod(time(0)\\,${TIMECODE.periodS})/${TIMECODE.periodS}*(W-w)`;
  return (
    `${source},drawbox=x=0:y=ih-${strip}:w=iw:h=${strip}:color=black:t=fill[tcbase];` +
    `color=c=white:s=${bar}x${strip}:r=${frameRate}[tcbar];` +
    `[tcbase][tcbar]overlay=x='${position}':y=H-h:eval=frame:shortest=1,format=yuv420p[out0]`
  );
}

/** Audio filter: the beep at the start of every period (evaluated per 5 ms frame of the source). */
export function timecodedAudio(source: string): string {
  const beep = `if(lt(mod(time(0)\\,${TIMECODE.periodS})\\,${TIMECODE.beepS})\\,${TIMECODE.beepGain}\\,1)`;
  return `${source}:samples_per_frame=240,volume=eval=frame:volume='${beep}'`;
}
