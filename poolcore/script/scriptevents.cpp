#include "scriptevents.h"

#include <QJsonDocument>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

qsizetype ScriptEvents::count(const QJsonObject &filter) const
{
    return std::count_if(m_events.begin(), m_events.end(),
                         [&](const QJsonObject &event) { return matches(event, filter); });
}

bool ScriptEvents::matches(const QJsonObject &event, const QJsonObject &filter)
{
    for (auto it = filter.begin(); it != filter.end(); ++it) {
        const QJsonValue value = event.value(it.key());
        // 3 and 3.0 are one number in JSON.
        if (value.isDouble() && it.value().isDouble()) {
            if (value.toDouble() != it.value().toDouble())
                return false;
        } else if (value != it.value()) {
            return false;
        }
    }
    return true;
}

QString ScriptEvents::kindsSoFar() const
{
    QStringList kinds;
    for (const QJsonObject &event : m_events)
        kinds << event.value(u"kind"_s).toString();
    return kinds.isEmpty() ? u"none"_s : kinds.join(u", "_s);
}

QJsonObject ScriptEvents::filterOf(const QJsonObject &command)
{
    QJsonObject filter = command;
    for (const QString &key : {u"op"_s, u"id"_s, u"actor"_s, u"count"_s, u"timeout_ms"_s})
        filter.remove(key);
    return filter;
}

QString ScriptEvents::describe(const QJsonObject &filter)
{
    return QString::fromUtf8(QJsonDocument(filter).toJson(QJsonDocument::Compact));
}
