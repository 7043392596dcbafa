import { AppError } from '../errors.ts';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from './languages.ts';

/**
 * The language a read asks for with `?lang=`: `fallback` when it asks for none, a 400 naming the
 * five when it asks for one the product does not speak.
 */
export function queryLanguage(asked: string | undefined, fallback: Language = DEFAULT_LANGUAGE): Language {
  if (asked === undefined) return fallback;
  if (!isLanguage(asked)) throw new AppError(400, 'invalid_input', `lang must be one of ${LANGUAGES.join(', ')}.`);
  return asked;
}
