#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

// The pool events a script has seen, as their JSON lines say them, for wait_event and expect:
// an event matches a filter when every key the filter gives has the same value in the event
// ("kind":"evicted","reason":"idle_timeout"). A run is a few hundred events, so a scan is fine.
class ScriptEvents
{
public:
    void append(const QJsonObject &event) { m_events << event; }
    qsizetype size() const { return m_events.size(); }

    qsizetype count(const QJsonObject &filter) const;
    // The kinds seen so far, in order, for a message that says what happened instead.
    QString kindsSoFar() const;
    // A filter as its JSON, for messages.
    static QString describe(const QJsonObject &filter);
    // The keys of a command that are not about which events (op, id, actor, count, timeout_ms).
    static QJsonObject filterOf(const QJsonObject &command);

private:
    static bool matches(const QJsonObject &event, const QJsonObject &filter);

    QList<QJsonObject> m_events;
};
