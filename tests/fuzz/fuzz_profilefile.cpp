// libFuzzer harness for a settings profile file (the window's Load settings profile):
// SessionProfile::fromFileData, what readFile() does once the file is read. Either the file is
// refused with a message, or the profile is one a session accepts, and written out as
// writeFile() does and read back it is the same.
#include "fuzzcheck.h"
#include "sessionprofile.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString path = u"fuzz.json"_s;
    QString error;
    const auto profile = SessionProfile::fromFileData(bytes, path, &error);
    if (!profile) {
        fuzzCheck(!error.isEmpty(), "a refused profile says why");
        return 0;
    }
    fuzzCheck(error.isEmpty(), "an accepted profile has no error");
    fuzzCheck(profile->validate().isEmpty(), "an accepted profile passes its own validation");

    const QByteArray written = QJsonDocument(profile->toJson()).toJson();
    const auto reread = SessionProfile::fromFileData(written, path, &error);
    fuzzCheck(reread.has_value(), "an accepted profile, written out, is accepted again");
    fuzzCheck(*reread == *profile, "an accepted profile, written out and read back, is the same");
    return 0;
}
