#pragma once

#include <QDialog>

class QListWidget;
class QTextBrowser;

// A short guide to the window, one topic per view, plus what is simulated and what is real.
class HelpDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Topic : quint8 {
        Start,
        SimulatedOrReal,
        Target,
        Settings,
        Workload,
        Connections,
        Timelines,
        Lanes,
        Events,
        Statistics,
        Requests,
        Diagnosis,
        Lab,
        Compare,
        Reachability,
        Shortcuts,
    };
    static constexpr int TopicCount = int(Topic::Shortcuts) + 1;

    explicit HelpDialog(QWidget *parent = nullptr);

    void showTopic(Topic topic);
    static QString title(Topic topic);
    static QString text(Topic topic);

private:
    QListWidget *m_topics;
    QTextBrowser *m_text;
};
