/** No rule between rows: long tables stay scannable. */
export const compactChars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
