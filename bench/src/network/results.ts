import type { CapCheck } from './capCheck.js';
import type { MeasuredLoss } from './nftRules.js';
import type { AudioQuality, SendQuality, VideoQuality } from './quality.js';
import type { CheckResult } from './targets.js';

// What `npm run bench:network` writes to bench/results/network.json (and renders into network.md).

/** A stream as the report shows it: whose it is by name. */
export type NamedVideo = Omit<VideoQuality, 'peerId'> & { from: string };
export type NamedAudio = Omit<AudioQuality, 'peerId'> & { from: string };

/** "udp host → host" per PeerConnection (send, receive) of one participant. */
export type RouteSummary = { participant: string; routes: string[] };

export type Load = {
  /** 1-minute load average at the end of the window (everything on the machine, other people's work too). */
  loadAverage1m: number;
  /** Share of both cores busy over the window, whoever used them, in %. */
  machineBusyPercent: number;
  /** CPU of each process tree over the window, in % of one core. */
  hostBrowserCpuPercent: number;
  impairedBrowserCpuPercent: number;
  sfuCpuPercent: number;
  /**
   * What everything else on the machine used, in % of one core: both cores' busy time minus this benchmark's
   * whole process tree. Other people's work here competes with the browsers and makes the numbers worse.
   */
  othersCpuPercent: number;
};

export type WindowResult = {
  seconds: number;
  /** At the impaired participant: every remote video and audio. */
  received: { videos: NamedVideo[]; audio: NamedAudio[]; totalKbps: number };
  /** What the impaired participant sends (per simulcast layer) and why its encoder held back. */
  sent: SendQuality;
  /** What each of the others receives of the impaired participant. */
  seenByOthers: { viewer: string; video?: NamedVideo; audio?: NamedAudio }[];
  routes: RouteSummary[];
  /**
   * Measured on the veth pair's host end (IP packets with headers), next to the caps; and the UDP the packet
   * filter dropped each way since it was set (when there is one).
   */
  link: { downKbps: number; upKbps: number; loss?: MeasuredLoss };
  load: Load;
};

export type ScenarioResult = {
  name: string;
  title: string;
  impairment: string;
  status: 'ran' | 'skipped' | 'failed';
  /** Why it was skipped or how it failed. */
  reason?: string;
  /** Steady scenarios: the window under the impairment. Drop-and-recover: the window under the lower cap. */
  window?: WindowResult;
  /** Drop-and-recover: the window before the cap, and the time back to those layers after it. */
  before?: WindowResult;
  secondsToFullLayers?: number;
  /** Drop-and-recover: each video's layers before the cap (what "back" means), then second by second after it. */
  recovery?: {
    target: { from: string; width: number; fps: number }[];
    afterLift: { seconds: number; videos: { from: string; width: number; fps: number }[] }[];
  };
  /** After the impairment was cleared: seconds until the videos were back to the call's reference layers. */
  recoveredAfterSeconds?: number;
  checks: CheckResult[];
};

export type NetworkBenchResults = {
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  machine: { cpuModel: string; cores: number; memoryGb: number; kernel: string; node: string; chromium: string };
  settings: {
    warmUpSeconds: number;
    windowSeconds: number;
    viewport: string;
    tbf: string;
    /** Whether the SFU's join reply offered ICE servers (relay-only runs only then). */
    iceServersOffered: boolean;
  };
  /** Each rate cap the scenarios use, checked with UDP offered at 3× the cap before the call starts. */
  caps: CapCheck[];
  /** Before any scenario, unimpaired. */
  reference: {
    /** How long after joining the layers stopped growing (or the wait gave up). */
    rampUpSeconds: number;
    /** Each remote video's typical (lower median) width and fps at the impaired participant: what "full layers" means. */
    videos: { from: string; width: number; fps: number; requestedLayer: number | undefined }[];
    /** What each camera sends: its simulcast layers' sizes, frame rates and bitrates. */
    senders: { participant: string; sent: SendQuality }[];
  };
  scenarios: ScenarioResult[];
};
