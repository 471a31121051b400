#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

// File → Preferences: what the window does beside showing the session. Today, serving the
// session's metrics for Prometheus (docs/metrics.md). The dialog only asks for it: whoever
// runs the window (app/windowmetrics) owns the server, answers with showMetricsStatus(), and
// the choice is kept in QSettings for the next start.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr auto DefaultAddress = "127.0.0.1:9464";

    explicit PreferencesDialog(QWidget *parent = nullptr);

    // What was kept from the last run: the address to serve on (empty: off) and whether other
    // machines may reach it.
    static QString savedAddress();
    static bool savedAllowRemote();

    QCheckBox *serveBox() const { return m_serve; }
    QLineEdit *addressField() const { return m_address; }
    QCheckBox *remoteBox() const { return m_remote; }
    QLabel *statusLabel() const { return m_status; }

    // Shows what is asked for (the command line's, or the kept one) without asking again.
    void showRequest(const QString &address, bool allowRemote);
    // The server's answer: where it serves (empty when off), or why it could not.
    void showMetricsStatus(const QString &url, const QString &error);
    // Asks for what the fields say, and keeps it.
    void apply();

Q_SIGNALS:
    // address empty: stop serving.
    void metricsRequested(const QString &address, bool allowRemote);

private:
    QCheckBox *m_serve;
    QLineEdit *m_address;
    QCheckBox *m_remote;
    QLabel *m_status;
};
