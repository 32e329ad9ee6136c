/** `list.split(' ').includes(word)` for a non-empty `word` without spaces, without allocating. */
export function hasSpaceSeparated(list: string, word: string): boolean {
  if (word.length === 0 || word.includes(' ')) return list.split(' ').includes(word);
  for (let at = list.indexOf(word); at !== -1; at = list.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at === 0 || list[at - 1] === ' ') && (end === list.length || list[end] === ' ')) {
      return true;
    }
  }
  return false;
}
