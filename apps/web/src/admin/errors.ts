import { ApiError } from './api/http.js';

/** A sentence for a failed dashboard action. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const field = error.details[0];
    return field ? `${error.message} (${field.path}: ${field.message})` : error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
