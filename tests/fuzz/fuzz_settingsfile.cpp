// libFuzzer harness for a pool settings file (poolscope run --settings FILE.json): the bytes
// go through what the command does with them, QJsonDocument::fromJson and then
// PoolSettings::fromJson over the defaults. Either the file is refused with messages, or every
// setting it gave passes its own check, and those settings written out and read back are the
// same.
#include "fuzzcheck.h"
#include "poolsettingfield.h"
#include "poolsettings.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>
#include <utility>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (!document.isObject())
        return 0; // refused, with the parse error if there was one
    const QJsonObject given = document.object();
    QStringList errors;
    const PoolSettings settings = PoolSettings::fromJson(given, &errors, {});
    for (const QString &error : std::as_const(errors))
        fuzzCheck(!error.isEmpty(), "every refusal has a message");
    if (!errors.isEmpty())
        return 0;

    // The defaults have no target (the command line gives it), so only what the file gave is
    // checked and written back.
    const QJsonObject all = settings.toJson();
    QJsonObject written;
    for (auto it = given.begin(); it != given.end(); ++it) {
        const PoolSettingField *field = PoolSettingField::find(it.key());
        fuzzCheck(field && field->key == it.key(), "an accepted file names only pool settings");
        fuzzCheck(field->check(field->get(settings)).isEmpty(),
                  "every setting an accepted file gave passes its own check");
        written.insert(it.key(), all.value(it.key()));
    }
    QStringList again;
    const QByteArray bytesWritten = QJsonDocument(written).toJson();
    const PoolSettings reread
        = PoolSettings::fromJson(QJsonDocument::fromJson(bytesWritten).object(), &again, {});
    fuzzCheck(again.isEmpty(), "accepted settings, written out, are accepted again");
    fuzzCheck(reread == settings, "accepted settings, written out and read back, are the same");
    return 0;
}
