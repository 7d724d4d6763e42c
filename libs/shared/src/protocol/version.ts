/** Bumped on every incompatible change to the signaling protocol; `join` carries it. */
export const PROTOCOL_VERSION = 3;
