import { onScopeDispose, ref } from 'vue';

export type DeviceOption = { deviceId: string; label: string };

function options(devices: MediaDeviceInfo[], kind: MediaDeviceKind, fallback: string): DeviceOption[] {
  return devices
    .filter((device) => device.kind === kind && device.deviceId !== '')
    .map((device, index) => ({ deviceId: device.deviceId, label: device.label || `${fallback} ${index + 1}` }));
}

/** Whether this browser lets a page pick the speaker sound plays on (HTMLMediaElement.setSinkId). */
export const canPickSpeaker = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/** The cameras, microphones and speakers this browser offers, kept current when devices are plugged in or out. */
export function useDevices() {
  const cameras = ref<DeviceOption[]>([]);
  const mics = ref<DeviceOption[]>([]);
  const speakers = ref<DeviceOption[]>([]);

  async function refresh(): Promise<void> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    cameras.value = options(devices, 'videoinput', 'Camera');
    mics.value = options(devices, 'audioinput', 'Microphone');
    speakers.value = canPickSpeaker ? options(devices, 'audiooutput', 'Speaker') : [];
  }

  const onChange = (): void => {
    refresh().catch(reportError);
  };
  navigator.mediaDevices.addEventListener('devicechange', onChange);
  onScopeDispose(() => navigator.mediaDevices.removeEventListener('devicechange', onChange));
  onChange();

  return { cameras, mics, speakers, refresh };
}
