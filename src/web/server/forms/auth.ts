/** Signing in: the address a code is sent to, then the address and the code; both carry where to go next. */
import { z } from 'zod';
import { CODE_FIELD, EMAIL_FIELD } from '../../views/auth.js';
import { once, unlessRepeated } from './fields.js';

export const sendCodeForm = z.object({ [EMAIL_FIELD]: once(EMAIL_FIELD), next: unlessRepeated });

export const verifyCodeForm = z.object({ [EMAIL_FIELD]: once(EMAIL_FIELD), [CODE_FIELD]: once(CODE_FIELD), next: unlessRepeated });
