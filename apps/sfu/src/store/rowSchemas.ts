import { z } from 'zod';

/** SQLite stores booleans as 0/1. */
export const sqlBoolean = z.union([z.literal(0), z.literal(1)]).transform((value) => value === 1);
