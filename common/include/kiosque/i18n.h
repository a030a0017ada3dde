// SPDX-License-Identifier: GPL-2.0-or-later
// Messages for people in the user's language, through GNU gettext (libc's
// libintl), for kiosque-index and kiosque-query. Source strings are English;
// po/fr.po is the French catalogue (docs/translation.md says how to mark a
// string and update it). Machine output (JSON, the indexer's summary line,
// the `error|warning|note:` words, exit codes) is never translated.
#ifndef KIOSQUE_I18N_H_
#define KIOSQUE_I18N_H_

#include <libintl.h>

#include <string>

// _("text"): translated now. N_("text"): only marked for xgettext, for a
// string kept in English where it is made (the library, JSON) and
// translated where it is shown (i18n::translate).
#define _(text) ::gettext(text)
#define N_(text) text

namespace kiosque::i18n {

// The gettext domain: po/<lang>.po is built into
// <localedir>/<lang>/LC_MESSAGES/kiosque.mo.
inline constexpr char kDomain[] = "kiosque";

// Where the catalogues are read from: $KIOSQUE_LOCALEDIR when set and not
// empty (the build tree's ${build}/locale, for tests and developers), else
// the install's ${CMAKE_INSTALL_FULL_LOCALEDIR}, compiled in.
std::string locale_dir();

// Call first in main(): messages follow LC_ALL, LC_MESSAGES, LANG and
// LANGUAGE as Debian tools do (English under LANG=C, as in cron). Only the
// LC_MESSAGES category is taken from the environment: numbers, character
// classes and collation stay "C", so machine output cannot change with the
// language. Translations come out in UTF-8, like everything else printed.
// Not thread-safe (setlocale); never throws.
void init();

// The translation of `english`, a string the library made in English and
// marked with N_(); `english` itself when the catalogue has none.
std::string translate(const std::string& english);

// printf into a std::string, for translated formats: gettext's `c-format`
// strings, checked by msgfmt --check against their translations.
std::string format(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace kiosque::i18n

#endif  // KIOSQUE_I18N_H_
