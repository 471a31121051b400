#include "recordingheader.h"

#include "jsonvalue.h"
#include "monotonicclock.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

RecordingHeader RecordingHeader::now(const QString &target, const SessionProfile &settings)
{
    RecordingHeader header;
    header.poolscopeVersion = QStringLiteral(POOLSCOPE_VERSION);
    header.startedAt = QDateTime::currentDateTimeUtc();
    header.startNs = MonotonicClock::nowNs();
    header.target = target;
    header.settings = settings;
    return header;
}

QByteArray RecordingHeader::encodeLine() const
{
    const QJsonObject object{
        {u"format"_s, QString::fromLatin1(Format)},
        {u"version"_s, version},
        {u"poolscope_version"_s, poolscopeVersion},
        {u"started_at"_s, startedAt.toUTC().toString(Qt::ISODateWithMs)},
        {u"start_ns"_s, startNs},
        {u"target"_s, target},
        {u"settings"_s, settings.toJson()},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<RecordingHeader> RecordingHeader::decodeLine(QByteArrayView line, QString *error)
{
    const QString accepted
        = u"accepted: a PoolScope recording, whose first line is "
          "{\"format\":\"%1\",\"version\":%2,...}"_s.arg(QString::fromLatin1(Format))
              .arg(Version);
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    const QJsonObject o = document.object();
    if (!document.isObject() || o.value(u"format"_s).toString() != QLatin1StringView(Format)) {
        *error = u"not a recording header; "_s + accepted;
        return std::nullopt;
    }
    const auto version = jsonWholeNumber(o.value(u"version"_s));
    if (!version || *version < 1) {
        *error = u"version: %1 is not accepted; accepted: a format version, %2"_s
                     .arg(jsonValueText(o.value(u"version"_s)))
                     .arg(Version);
        return std::nullopt;
    }
    if (*version > Version) {
        *error = u"format version %1 is newer than this PoolScope reads (%2)"_s.arg(*version).arg(
            Version);
        return std::nullopt;
    }
    RecordingHeader header;
    header.version = int(*version);
    header.poolscopeVersion = o.value(u"poolscope_version"_s).toString();
    header.startedAt = QDateTime::fromString(o.value(u"started_at"_s).toString(), Qt::ISODate);
    const auto start = jsonWholeNumber(o.value(u"start_ns"_s));
    if (!start) {
        *error = u"start_ns: %1 is not accepted; accepted: a whole number of ns"_s.arg(
            jsonValueText(o.value(u"start_ns"_s)));
        return std::nullopt;
    }
    header.startNs = *start;
    header.target = o.value(u"target"_s).toString();
    QStringList errors;
    const auto settings
        = SessionProfile::fromJson(o.value(u"settings"_s).toObject(), &errors, SessionProfile());
    if (!settings) {
        *error = u"settings."_s + errors.first();
        return std::nullopt;
    }
    header.settings = *settings;
    return header;
}
