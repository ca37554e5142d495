/**
 * A crash writes home folders into its paths (`C:\Users\alice\…`, `/home/alice/…`,
 * `/Users/alice/…`). Frames outside the workspace and exception messages go to the gateway as
 * written, so the user's name is replaced there; the rest of the path (which library, which
 * file) stays for the analysis. Pure, and linear: the name is one run of non-separator characters.
 */

/** The user folder after a home root, up to the next separator (a bare home folder is left alone). */
const USER_FOLDER = /([\\/](?:home|Users|Documents and Settings)[\\/])[^\\/\r\n'"<>|:*?]+(?=[\\/])/gi;

/** `text` with the user folder of every home path replaced by `<user>`. */
export function withoutUserNames(text: string): string {
  return text.replace(USER_FOLDER, '$1<user>');
}
