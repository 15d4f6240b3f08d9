/** Looking a tracker code up on the bulletin board. */
import { z } from 'zod';
import { TRACKER_FIELD } from '../../views/booth.js';
import { once } from './fields.js';

export const trackerForm = z.object({ [TRACKER_FIELD]: once(TRACKER_FIELD) });
