#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

// Turns Unix signals (SIGINT, SIGTERM, ...) into a Qt signal on the event loop, by the self-pipe
// trick: the handler only write()s the signal number, which is async-signal-safe; everything
// else happens in signalReceived's receivers. One instance at a time; the destructor restores
// the default handlers.
class UnixSignalNotifier : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalNotifier(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~UnixSignalNotifier() override;

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    static void handle(int signalNumber);
    void onReadable();

    QList<int> m_signalNumbers;
    QSocketNotifier *m_notifier = nullptr;
};
