#pragma once

#include "settingsrules.h"

#include <QWidget>

class Diagnosis;
class HolderModel;
class QLabel;
class QPushButton;
class QTableView;
class QVBoxLayout;

// The Diagnosis tab: why requests wait, in one sentence with numbers, the sizing hint from
// Little's law, the queue, who holds each connection (longest first); and the pool's settings
// checked against what was observed, each warning with its reason and a one-click fix. It
// words each decision the diagnosis publishes (once a second at most, unless what it says
// changes), the same the banner words, and none while hidden.
class DiagnosisView : public QWidget
{
    Q_OBJECT
public:
    explicit DiagnosisView(Diagnosis *diagnosis, QWidget *parent = nullptr);

    void setEpochNs(qint64 epochNs);
    HolderModel *holderModel() const { return m_holders; }
    // The fix button of the warning of that kind; nullptr while there is none.
    QPushButton *fixButton(SettingsRules::Kind kind) const;
    // "Set max connections to N" under the cause, while the pool is too small.
    QPushButton *sizingFixButton() const { return m_sizingFix; }
    QString causeText() const;
    QString littlesLawText() const;
    QString queueText() const;
    QString fixStatus() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void refresh();
    void showWarnings();
    void showFixAnswer(const QString &fix, bool applied, const QStringList &errors);

    Diagnosis *m_diagnosis;
    QLabel *m_cause;
    QPushButton *m_sizingFix;
    QLabel *m_little;
    QLabel *m_queue;
    HolderModel *m_holders;
    QTableView *m_holderView;
    QVBoxLayout *m_warningsLayout;
    QWidget *m_warningsBox;
    QLabel *m_noWarnings;
    QLabel *m_fixStatus;
    QList<SettingsRules::Warning> m_shownWarnings;
};
