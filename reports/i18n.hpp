#pragma once
// The message catalogues moved to core/i18n.hpp (the analyzer writes the English of its sentences from
// the same catalogue); this header stays for code written against the old path.
#include "core/i18n.hpp"
