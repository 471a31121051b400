#pragma once

#include "feedhistory.h"

#include <QObject>

class FeedState;
class Session;
struct PoolFeed;
struct ProbeFeed;
struct SessionReply;

// The diagnosis of one pool, from its feed: why requests wait (ExhaustionRules), which settings
// disagree with what was observed (SettingsRules), why requests fail (FailureRules), and
// whether dials fail long enough to be an outage. It decides once per snapshot and publishes
// the decision with updated(): at once when what it says changes (a cause, a warning, an
// outage), else once a second, as fast as numbers are read. The banners and the Diagnosis view
// word the same published decision, so they never disagree. Its fixes are the session's
// commands, answered in the feed like every other control's.
class Diagnosis : public QObject
{
    Q_OBJECT
public:
    Diagnosis(Session *session, FeedState *state, QObject *parent = nullptr);

    // The pool's part of each feed, as it comes.
    void addFeed(const PoolFeed &feed);

    // The published decision: the facts, the verdicts and the lease holders they came from.
    const QList<FeedHistory::Holder> &holders() const { return m_holders; }
    const ExhaustionRules::Facts &exhaustionFacts() const { return m_exhaustionFacts; }
    const ExhaustionRules::Verdict &exhaustion() const { return m_exhaustion; }
    const QList<SettingsRules::Warning> &warnings() const { return m_warnings; }
    const FailureRules::Facts &failureFacts() const { return m_failureFacts; }
    const FailureRules::Verdict &failure() const { return m_failure; }
    // What the dial-failure banner should say: None until dials have failed for a while.
    DialError dialOutage() const { return m_dialOutage; }
    const QString &dialMessage() const { return m_dialMessage; }

    // Sends the warning's fix to the pool; the answer comes as fixAnswered().
    void applyFix(const SettingsRules::Warning &warning);
    // Sends the failure banner's fix (Fix::RunProbe is the window's: it asks for the probe).
    void applyFailureFix();
    // Sends the exhaustion's sizing fix, when the pool is too small.
    void applySizingFix();

    // A run of failed dials shorter than this (a restart) is no outage.
    static constexpr qint64 OutageDelayNs = 2'000'000'000;
    static constexpr qint64 PublishIntervalNs = 1'000'000'000;

Q_SIGNALS:
    void updated();
    void fixAnswered(const QString &fix, bool applied, const QStringList &errors);
    void probeRequested();

private:
    void decide(qint64 timeNs);
    void sendFix(const QString &label, const PoolSettings &settings);
    void noteDials(const PoolSnapshot &snapshot);
    void showProbe(const ProbeFeed &probe);
    void showReply(const SessionReply &reply);

    Session *m_session;
    FeedState *m_state;
    FeedHistory m_history;
    QList<FeedHistory::Holder> m_holders;
    ExhaustionRules::Facts m_exhaustionFacts;
    ExhaustionRules::Verdict m_exhaustion;
    QList<SettingsRules::Warning> m_warnings;
    FailureRules::Facts m_failureFacts;
    FailureRules::Verdict m_failure;
    DialError m_dialOutage = DialError::None;
    QString m_dialMessage;
    qint64 m_failingSinceNs = 0; // when the current run of failed dials began
    qint64 m_publishedNs = 0;
    quint64 m_fixCommand = 0;
    QString m_fixLabel;
};
