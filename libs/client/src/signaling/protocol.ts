import {
  methods,
  notifications,
  type Method,
  type NotificationData,
  type NotificationName,
  type RequestData,
  type ResponseData,
} from '@huddle/shared';
import type { z } from 'zod';

type MethodSchemas = {
  [M in Method]: { request: z.ZodType<RequestData<M>>; response: z.ZodType<ResponseData<M>> };
};
type NotificationSchemas = { [N in NotificationName]: z.ZodType<NotificationData<N>> };

// The shared tables, re-typed as mapped types: TypeScript checks every entry here, and indexing them with a
// generic method or notification name then keeps that name's precise data type (no casts needed downstream).
export const methodSchemas: MethodSchemas = methods;
export const notificationSchemas: NotificationSchemas = notifications;
