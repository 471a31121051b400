#include "scriptengine.h"

#include "connectionpool.h"
#include "labhost.h"
#include "monotonicclock.h"
#include "scriptrequest.h"

#include <QJsonDocument>
#include <QTimer>

using namespace Qt::StringLiterals;

ScriptEngine::ScriptEngine(QList<ScriptCommand> commands, Sink sink, QObject *parent)
    : QObject(parent)
    , m_commands(std::move(commands))
    , m_sink(std::move(sink))
{
    Actor &main = actor(ScriptCommand::MainActor);
    for (const ScriptCommand &command : std::as_const(m_commands))
        main.queue.push_back(&command);
}

ScriptEngine::~ScriptEngine()
{
    // What the teardown does is not part of the run: the output stops at its end.
    if (m_pool)
        m_pool->removeObserver(this);
    for (Actor &actor : m_actors)
        actor.request.reset();
    m_labels.clear();
    m_pool.reset();
    m_lab.reset();
}

void ScriptEngine::start()
{
    m_startNs = MonotonicClock::nowNs();
    wake();
}

ScriptEngine::Actor &ScriptEngine::actor(const QString &name)
{
    for (Actor &actor : m_actors) {
        if (actor.name == name)
            return actor;
    }
    Actor &added = m_actors.emplace_back();
    added.name = name;
    return added;
}

// Everything that lets an actor go on (an event, a lease, a lab reply) arrives here, and the
// actors go on from the event loop: never inside a call to the pool.
void ScriptEngine::wake()
{
    if (m_pumpPosted || m_finished)
        return;
    m_pumpPosted = true;
    QMetaObject::invokeMethod(this, &ScriptEngine::pump, Qt::QueuedConnection);
}

void ScriptEngine::pump()
{
    m_pumpPosted = false;
    // Actors go on in a fixed order (main first, then in the order they were named), so a run
    // does the same thing every time.
    for (bool progress = true; progress && !m_finished;) {
        progress = false;
        for (size_t i = 0; i < m_actors.size() && !m_finished; ++i) {
            Actor &actor = m_actors[i];
            if (actor.current && actor.until && actor.until()) {
                actor.until = {};
                ++actor.wait;
                std::exchange(actor.then, {})();
                progress = true;
            }
            if (!m_finished && runActor(actor))
                progress = true;
        }
    }
    if (!m_finished && allDone())
        finish(Passed);
}

// Runs actor's commands until one waits. A command main reaches for another actor joins that
// actor's queue, and that actor starts on it at once: a command starts when main reaches it.
bool ScriptEngine::runActor(Actor &actor)
{
    bool progressed = false;
    while (!m_finished && !actor.current && !actor.queue.empty()) {
        const ScriptCommand *command = actor.queue.front();
        actor.queue.pop_front();
        progressed = true;
        if (command->runner() != actor.name) {
            Actor &runner = this->actor(command->runner());
            runner.queue.push_back(command);
            runActor(runner);
            continue;
        }
        actor.current = command;
        execute(actor, *command);
    }
    return progressed;
}

bool ScriptEngine::allDone() const
{
    return std::all_of(m_actors.begin(), m_actors.end(),
                       [](const Actor &actor) { return !actor.current && actor.queue.empty(); });
}

void ScriptEngine::reply(Actor &actor, QJsonObject fields, bool ok)
{
    const ScriptCommand &command = *actor.current;
    fields.insert(u"reply"_s, command.id);
    fields.insert(u"line"_s, command.line);
    fields.insert(u"op"_s, command.op);
    fields.insert(u"ok"_s, ok);
    if (command.actor != ScriptCommand::MainActor)
        fields.insert(u"actor"_s, command.actor);
    write(fields);
    actor.current = nullptr;
    actor.until = {};
    actor.then = {};
    ++actor.wait;
}

void ScriptEngine::waitFor(Actor &actor, std::function<bool()> until, std::function<void()> then,
                           qint64 timeoutMs, std::function<void()> timedOut)
{
    actor.until = std::move(until);
    actor.then = std::move(then);
    const quint64 wait = ++actor.wait;
    if (timeoutMs >= 0) {
        QTimer::singleShot(timeoutMs, this, [this, &actor, wait, timedOut = std::move(timedOut)] {
            if (m_finished || actor.wait != wait || !actor.current)
                return;
            actor.until = {};
            actor.then = {};
            timedOut();
        });
    }
    wake();
}

void ScriptEngine::fail(int exitCode, const ScriptCommand &command, const QString &message)
{
    m_failure = u"line %1 (%2): %3"_s.arg(command.line).arg(command.op, message);
    if (exitCode == BadInput) {
        write({{u"reply"_s, command.id},
               {u"line"_s, command.line},
               {u"op"_s, command.op},
               {u"ok"_s, false},
               {u"error"_s, u"bad_input"_s},
               {u"message"_s, message}});
    }
    finish(exitCode);
}

void ScriptEngine::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exitCode = exitCode;
    if (m_pool)
        m_pool->removeObserver(this);
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT finished(m_exitCode); }, Qt::QueuedConnection);
}

void ScriptEngine::eventRecorded(const PoolEvent &event)
{
    QJsonObject line = event.toJson();
    line.insert(u"t_us"_s, (event.timeNs - m_startNs) / 1000);
    m_events.append(line);
    write(line);
    wake();
}

void ScriptEngine::write(const QJsonObject &object)
{
    m_sink(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
}

void ScriptEngine::execute(Actor &actor, const ScriptCommand &command)
{
    const QString &op = command.op;
    if (op == u"create"_s)
        create(actor, command);
    else if (op == u"sleep"_s)
        QTimer::singleShot(command.integer(u"ms"_s, 0), this, [this, &actor] {
            if (m_finished)
                return;
            reply(actor, {});
            wake();
        });
    else if (op == u"say"_s)
        reply(actor, {{u"text"_s, command.string(u"text"_s)}});
    else if (op == u"wait_event"_s)
        waitEvent(actor, command);
    else if (op == u"expect"_s)
        expect(actor, command);
    else if (op == u"join"_s)
        join(actor, command);
    else if (op == u"lab"_s)
        lab(actor, command);
    else if (!needPool(command))
        return;
    else if (op == u"acquire"_s)
        acquire(actor, command);
    else if (op == u"release"_s)
        release(actor, command);
    else if (op == u"request"_s)
        request(actor, command);
    else if (op == u"settings"_s)
        changeSettings(actor, command);
    else
        poolState(actor, command);
}
