import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';
import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from '@clusterflow/engine';

/** The limits are the engine's (libs/engine/src/limits.ts): the DTOs declare what decide enforces. */
export { MAX_NAME_LENGTH, MAX_TEXT_LENGTH, MAX_URI_LENGTH, PERIOD_PATTERN, SHA256_PATTERN } from '@clusterflow/engine';

/** A name, title or identifier: a string, not empty or blank, at most MAX_NAME_LENGTH. */
export const IsName = (): PropertyDecorator =>
  applyDecorators(IsString(), Matches(/\S/, { message: '$property must not be empty or blank' }), MaxLength(MAX_NAME_LENGTH));

/** Free text (comment, note, reason): a string of at most MAX_TEXT_LENGTH. */
export const IsText = (): PropertyDecorator => applyDecorators(IsString(), MaxLength(MAX_TEXT_LENGTH));
