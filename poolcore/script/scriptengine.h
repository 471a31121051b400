#pragma once

#include "labsettings.h"
#include "poollease.h"
#include "poolobserver.h"
#include "poolsettings.h"
#include "protocol.h"
#include "scriptcommand.h"
#include "scriptevents.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <deque>
#include <functional>
#include <map>
#include <memory>

class ConnectionPool;
class LabHost;
class ScriptRequest;
struct AcquireResult;

// Runs a scenario script (docs/script.md) against a ConnectionPool it drives itself, on the
// thread it lives on, which is the pool's: every actor runs there, so the pool's events and
// the replies come out in one order that the script alone decides. Only the embedded lab, when
// the script starts one, lives on a thread of its own (LabHost), as it does in a Session.
//
// Main runs the commands in order; a command for another actor joins that actor's queue as
// main reaches it. An actor runs its queue in order and waits where a command waits (an
// acquire until its lease or failure, a sleep, wait_event, a join, a lab action, a request).
// The run ends when the commands have run out and every actor is done (exit code 0), at a
// failed expect or wait (1), or at a command that makes no sense where it is (2).
class ScriptEngine
    : public QObject
    , private PoolObserver
{
    Q_OBJECT
public:
    enum ExitCode { Passed = 0, CheckFailed = 1, BadInput = 2 };
    // Gets every output line (a JSON object and '\n').
    using Sink = std::function<void(const QByteArray &line)>;

    ScriptEngine(QList<ScriptCommand> commands, Sink sink, QObject *parent = nullptr);
    ~ScriptEngine() override;

    // Starts from the event loop; finished() says when it is over.
    void start();
    bool isFinished() const { return m_finished; }
    int exitCode() const { return m_exitCode; }
    // Why the run failed, naming the line; empty when it passed.
    QString failure() const { return m_failure; }
    // The pool the script made (closed after its close); null before its create.
    const ConnectionPool *pool() const { return m_pool.get(); }

Q_SIGNALS:
    void finished(int exitCode);

private:
    struct Actor
    {
        QString name;
        std::deque<const ScriptCommand *> queue;
        const ScriptCommand *current = nullptr; // waiting, when set
        // While current waits on something the engine sees change: true when it may go on.
        std::function<bool()> until;
        std::function<void()> then; // runs when until holds
        quint64 wait = 0; // tells a stale timeout from the current one
        std::unique_ptr<ScriptRequest> request; // the request it waits for
    };
    struct Label
    {
        enum class State : quint8 { Pending, Held, Released, Failed };
        State state = State::Pending;
        PoolLease lease;
        quint64 connection = 0;
        int line = 0; // of its acquire
        Actor *acquirer = nullptr;
    };

    // Scheduling (scriptengine.cpp)
    Actor &actor(const QString &name);
    void wake();
    void pump();
    bool runActor(Actor &actor);
    void execute(Actor &actor, const ScriptCommand &command);
    bool allDone() const;
    void reply(Actor &actor, QJsonObject fields, bool ok = true);
    void waitFor(Actor &actor, std::function<bool()> until, std::function<void()> then,
                 qint64 timeoutMs = -1, std::function<void()> timedOut = {});
    void fail(int exitCode, const ScriptCommand &command, const QString &message);
    void finish(int exitCode);
    void eventRecorded(const PoolEvent &event) override;
    void write(const QJsonObject &object);

    // The ops (scriptops.cpp)
    void create(Actor &actor, const ScriptCommand &command);
    void startPool(Actor &actor, const ScriptCommand &command, PoolSettings settings);
    void acquire(Actor &actor, const ScriptCommand &command);
    void acquired(const QString &label, AcquireResult result);
    void release(Actor &actor, const ScriptCommand &command);
    void request(Actor &actor, const ScriptCommand &command);
    void poolState(Actor &actor, const ScriptCommand &command);
    void changeSettings(Actor &actor, const ScriptCommand &command);
    void lab(Actor &actor, const ScriptCommand &command);
    // Waits for the lab's answer to command, then runs then with its errors.
    void awaitLab(Actor &actor, const ScriptCommand &command, quint64 labCommand,
                  std::function<void(const QStringList &errors)> then);
    void takeLab();
    void followLab();
    void waitEvent(Actor &actor, const ScriptCommand &command);
    void expect(Actor &actor, const ScriptCommand &command);
    void join(Actor &actor, const ScriptCommand &command);
    // The label a release or request names, once its acquire has finished; nullptr when the
    // command must wait (then it runs again) or the run failed.
    Label *heldLabel(Actor &actor, const ScriptCommand &command);
    bool needPool(const ScriptCommand &command);

    QList<ScriptCommand> m_commands;
    Sink m_sink;
    std::deque<Actor> m_actors; // main first, then in the order they were named
    std::map<QString, Label> m_labels; // std::map: a request holds on to its label's lease
    ScriptEvents m_events;
    std::unique_ptr<ConnectionPool> m_pool;
    Protocol m_protocol;
    std::unique_ptr<LabHost> m_lab;
    LabSettings m_labSettings;
    quint64 m_nextLabCommand = 1;
    std::map<quint64, QStringList> m_labReplies; // the lab's answers: the errors, per command
    qint64 m_startNs = 0;
    quint64 m_nextWait = 1;
    bool m_pumpPosted = false;
    bool m_finished = false;
    int m_exitCode = Passed;
    QString m_failure;
};
