#pragma once

#include "exhaustionrules.h"
#include "requestrecord.h"

#include <QWidget>

class Banner;
class DialFailureBanner;
class Diagnosis;
class FeedState;
class QPushButton;

// The strip over the timelines where the diagnosis speaks up: dials failing, requests failing
// (with a fix where one applies), and one line on why requests wait or which settings disagree
// with what was seen. Each banner says a thing once: dismissed, it stays away until that thing
// ends or another takes its place. It takes no room while all is well.
class BannerArea : public QWidget
{
    Q_OBJECT
public:
    BannerArea(Diagnosis *diagnosis, FeedState *state, QWidget *parent = nullptr);

    DialFailureBanner *dialFailureBanner() const { return m_dial; }
    Banner *failureBanner() const { return m_failure; }
    Banner *summaryBanner() const { return m_summary; }
    QPushButton *failureFixButton() const { return m_failureFix; }
    // The summary's "Set max connections to N", shown while the pool is too small.
    QPushButton *sizingFixButton() const { return m_sizingFix; }

Q_SIGNALS:
    void probeRequested();
    void diagnosisRequested(); // the summary's Details

private:
    void showDiagnosis();
    void showDials();
    void showFailure();
    void showSummary();

    Diagnosis *m_diagnosis;
    FeedState *m_state;
    DialFailureBanner *m_dial;
    Banner *m_failure;
    QPushButton *m_failureFix;
    Banner *m_summary;
    QPushButton *m_sizingFix;
    DialError m_dialShown = DialError::None; // the outage last announced
    RequestError m_failureShown = RequestError::None;
    bool m_failureDismissed = false;
    // What the summary says: the exhaustion's cause, or the warnings' kinds (one bit each).
    int m_summaryKey = 0;
    int m_summaryDismissedKey = 0;
};
