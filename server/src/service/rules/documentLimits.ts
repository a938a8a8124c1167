/** Protects against documents too large or too deeply nested to analyse (and to be accepted by AWS). */
import { MAX_DEPTH, MAX_TEXT } from '../model';
import { ALL_POLICY_KINDS, type Rule } from './rule';

export const documentLimits: Rule = {
  id: 'document-limits',
  description: 'Documents too large or too deeply nested to be a policy; they are not analysed further.',
  category: 'syntax',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model) {
    if (model.tooLarge) {
      return [{ offset: 0, length: 0, message: `This document is ${model.text.length.toLocaleString('en-US')} characters long, more than the ${MAX_TEXT.toLocaleString('en-US')} analysed. A key policy can be at most 32,768 bytes and an IAM managed policy 6,144 characters; nothing else was checked.` }];
    }
    if (model.tooDeep) {
      return [{ offset: model.tooDeep.offset, length: 1, message: `JSON nested more than ${MAX_DEPTH} levels deep: no policy nests like this, so it was not analysed further.` }];
    }
    return [];
  },
};
