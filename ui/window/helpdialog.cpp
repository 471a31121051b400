#include "helpdialog.h"

#include "labsettings.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QListWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

HelpDialog::HelpDialog(QWidget *parent)
    : QDialog(parent)
    , m_topics(new QListWidget(this))
    , m_text(new QTextBrowser(this))
{
    setWindowTitle(tr("PoolScope guide"));
    resize(820, 560);
    auto *layout = new QVBoxLayout(this);
    auto *body = new QHBoxLayout;
    for (int i = 0; i < TopicCount; ++i)
        m_topics->addItem(title(Topic(i)));
    m_topics->setMaximumWidth(220);
    connect(m_topics, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_text->setHtml(u"<h2>%1</h2>"_s.arg(title(Topic(row))) + text(Topic(row)));
    });
    body->addWidget(m_topics);
    m_text->setOpenExternalLinks(false);
    body->addWidget(m_text, 1);
    layout->addLayout(body, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    showTopic(Topic::Start);
}

void HelpDialog::showTopic(Topic topic)
{
    m_topics->setCurrentRow(int(topic));
}

QString HelpDialog::title(Topic topic)
{
    switch (topic) {
    case Topic::Start:
        return tr("Getting started");
    case Topic::SimulatedOrReal:
        return tr("What is simulated, what is real");
    case Topic::Target:
        return tr("Target bar");
    case Topic::Settings:
        return tr("Pool settings");
    case Topic::Workload:
        return tr("Workload");
    case Topic::Connections:
        return tr("Connections");
    case Topic::Timelines:
        return tr("Timelines");
    case Topic::Lanes:
        return tr("Connection lanes");
    case Topic::Events:
        return tr("Event log");
    case Topic::Statistics:
        return tr("Statistics");
    case Topic::Requests:
        return tr("Requests");
    case Topic::Diagnosis:
        return tr("Diagnosis");
    case Topic::Lab:
        return tr("Lab");
    case Topic::Compare:
        return tr("Compare");
    case Topic::Reachability:
        return tr("Reachability");
    case Topic::Shortcuts:
        return tr("Keyboard shortcuts");
    }
    return {};
}

QString HelpDialog::text(Topic topic)
{
    switch (topic) {
    case Topic::Start:
        return tr("<p>PoolScope runs a real connection pool and shows everything it does. On "
                  "start it launches the <b>embedded lab</b>, a backend on a free loopback "
                  "port, points the pool at it and sends a gentle workload: 4 callers, at "
                  "most 100 requests a second.</p>"
                  "<p>Try this: watch the lanes (one per connection) and the statistics "
                  "(handshakes saved); press <b>Restart backend</b> in the Lab tab and watch "
                  "the pool lose its connections and dial new ones; then open "
                  "<b>Compare</b> and run pooled against unpooled.</p>"
                  "<p>To inspect your own server, type its host:port in the target bar and "
                  "press Enter.</p>");
    case Topic::SimulatedOrReal:
        return tr("<p><b>Real:</b> the pool, its sockets, every TCP connect, the kernel's "
                  "round-trip times and byte counts (TCP_INFO), TLS when you turn it on, "
                  "and every number the pool measures. The lab is a real server on "
                  "loopback.</p>"
                  "<p><b>Simulated, on the lab only:</b> on loopback a TCP handshake costs "
                  "about 20 microseconds, so pooling would seem to buy nothing. The lab "
                  "therefore holds back each new connection's first answer by its <i>setup "
                  "delay</i> (%1 ms by default): a stand-in for the TLS, authentication and "
                  "network round trips a real new connection costs. The lanes hatch that "
                  "part of each first request. The lab also adds a few milliseconds of "
                  "<i>latency</i> to every answer, as a server's own work would.</p>"
                  "<p>The pool's <i>dial time</i> is the real connect and does not include "
                  "the simulated delay; the statistics show both. Against a real server "
                  "nothing is simulated.</p>")
            .arg(LabSettings::embeddedDefault().setupDelayMs);
    case Topic::Target:
        return tr("<p>Where the pool connects: <b>host:port</b> (IPv6 in brackets), the "
                  "<b>protocol</b> the workload speaks (http GET, redis PING, memcached "
                  "version, a line, or echo) and <b>TLS</b>. Type a new target and press "
                  "Enter: connections to the old one are closed (address changed); ticking "
                  "TLS closes them too (TLS changed). A target that is not valid is marked "
                  "at the field and not applied. "
                  "<b>Embedded lab</b> points the pool back at the lab.</p>");
    case Topic::Settings:
        return tr("<p>Every setting of the pool, grouped as size, timeouts, lifetime, health "
                  "and network. Hover a name for what it does and what happens when it is "
                  "too low or too high. A value applies to the running pool when you press "
                  "Enter or leave the field; one that is not accepted shows why under the "
                  "field and is not applied.</p>"
                  "<p>Things to try: set <i>max connections</i> to 1 and watch waiters "
                  "appear; set <i>idle timeout</i> to 500 ms and watch connections close "
                  "between requests.</p>");
    case Topic::Workload:
        return tr("<p>The requests sent through the pool: <b>concurrency</b> (callers at "
                  "once), <b>rate</b> (a cap on requests a second; 0 is as fast as the "
                  "server answers), the protocol request, and <b>pooled</b> or "
                  "<b>unpooled</b> (every request dials, uses and closes its own "
                  "connection). Start and stop with the button or F5.</p>");
    case Topic::Connections:
        return tr("<p>One row per connection: its state (coloured), peer and local port, "
                  "age, how long it has been in its state, uses, bytes in and out and the "
                  "round-trip time from the kernel, the latency of its last request, its "
                  "generation, and for closed ones why they closed. Closed rows stay greyed "
                  "for ten seconds, then leave. Sort by clicking a header; filter by state "
                  "above the table. Selecting a row highlights the connection's lane.</p>");
    case Topic::Timelines:
        return tr("<p><b>Connections</b>: in use, idle and dialing, stacked, with the "
                  "requests waiting for a connection and the pool's max connections (dashed). "
                  "<b>Latency</b>: what requests took, median and 99th percentile, and the "
                  "99th percentile of the wait for a connection; the lines break where no "
                  "request succeeded. <b>Dials and evictions</b>: new connections a second and "
                  "closes a second by reason. <b>Request failures</b>: failed requests a "
                  "second, the acquire and request timeouts among them, and stale retries. "
                  "Dashed lines across all four mark lab restarts (shaded while the lab was "
                  "down), flushes and settings changes. Hover a chart for a line at that time "
                  "on all four, with the values in the legends. They scroll over the chosen "
                  "window (View menu) and pause with F8.</p>");
    case Topic::Lanes:
        return tr("<p>One lane per connection across time: <b>dialing</b>, <b>idle</b> and "
                  "<b>in use</b> in their colours, the lab's simulated handshake hatched "
                  "over each connection's first request, and a red mark with the reason "
                  "where it closed. Hover for details; click to select the connection in "
                  "the table.</p>"
                  "<p>Ctrl+wheel (or the wheel over the time axis, or + and −) zooms; "
                  "Shift+wheel or the scroll bar goes back in time; End goes live again. "
                  "Zoomed out, a pixel mixes the colours of what happened within it.</p>");
    case Topic::Events:
        return tr("<p>Every event of the pool, newest first: dials, leases, releases, "
                  "closes with their reason, waiters, flushes. The log keeps the latest "
                  "100,000. Filter by kind or by connection number; pause to read; export "
                  "what the filter shows as JSON lines (the format of <tt>poolscope run "
                  "--events</tt>) or CSV.</p>");
    case Topic::Statistics:
        return tr("<p><b>Handshakes saved</b> counts leases served by an idle connection; "
                  "the <b>reuse ratio</b> is their share of all leases; <b>time saved</b> "
                  "is handshakes saved times what a new connection costs: the median dial "
                  "time plus the median TLS handshake (and, on the lab, its simulated setup "
                  "delay). <b>Waited for a busy pool</b> counts acquires that found every "
                  "connection in use, apart from <b>waited for a dial</b>, which every "
                  "unpooled request does. Percentiles of every duration the pool measures, "
                  "closes by reason, dial failures by cause, the workload's failures and "
                  "stale retries complete the picture.</p>"
                  "<p>Everything counts from the moment shown at the top. <b>Reset "
                  "statistics</b> starts the counts again while the connections stay; "
                  "<b>Start from zero</b> also clears the charts, the closed lanes, the event "
                  "log and the request list, so one lesson's numbers do not mix into the "
                  "next.</p>");
    case Topic::Requests:
        return tr("<p>The workload's recent requests, newest first, each with its connection "
                  "(<b>#17 new</b> in bold when the request had to dial, <b>#17 reused</b> "
                  "when the pool had one idle), its result and its timing as browser "
                  "developer tools show it: stale try, queue, DNS, TCP connect, TLS, lab "
                  "setup, waiting for the first byte and transfer, one bar per request on one "
                  "scale, so a request that dialed reads as longer at a glance. The panel "
                  "beside lists the parts of the selected request.</p>"
                  "<p>Every part is measured on the pool's thread except <b>lab setup</b> "
                  "(hatched and starred): the client cannot tell the lab's simulated handshake "
                  "from the wait for the first byte, so on the lab it is worked out from the "
                  "configured delay. On a real server a setup cost is part of "
                  "<i>Waiting</i>.</p>"
                  "<p>Try this: switch the workload to <i>unpooled</i> and watch every row "
                  "turn new, with a connect (and a TLS handshake, with TLS on) in each "
                  "bar.</p>");
    case Topic::Diagnosis:
        return tr("<p>Why, not only what. When requests wait at a full pool or acquires time "
                  "out, the <b>Diagnosis</b> tab (and a line over the timelines) says why in "
                  "one sentence: the pool is too small for the offered load, the backend is "
                  "slow, dials fail, or a few leases are held too long. <b>Little's law</b> "
                  "sizes the pool: requests a second times the time each holds a connection "
                  "is the connections needed. The table shows who holds each connection, for "
                  "which request and for how long.</p>"
                  "<p>Beside it the pool's settings are checked against what the pool and "
                  "the server were seen to do, each warning with its reason and a button "
                  "that fixes it. When requests fail, a red banner says how and why, with a "
                  "fix where one applies (another protocol, the lab's blackhole).</p>"
                  "<p>Try this: set <i>max connections</i> to 2 and <i>concurrency</i> to 8, "
                  "then raise the lab's <i>latency</i> to 200 ms.</p>");
    case Topic::Lab:
        return tr("<p>The embedded lab backend and its knobs. One click: <b>Restart "
                  "backend</b> (every connection dropped, down for a moment), <b>Reset all "
                  "connections</b> (RST), <b>Blackhole</b> (accepts, never answers), "
                  "<b>Pause accepting</b> (new dials time out) and <b>Idle-close</b> (the "
                  "server closes idle connections, so pooled ones go stale). The effect "
                  "shows in the table, lanes, charts and log within a second. Every knob "
                  "applies live.</p>");
    case Topic::Compare:
        return tr("<p>Runs the current workload twice on the same pool and backend: "
                  "pooled, then unpooled, for the same time. Both latency series go on one "
                  "chart; the table gives requests a second, latency percentiles and "
                  "handshakes with the ratios. The main workload pauses meanwhile and "
                  "resumes after.</p>");
    case Topic::Reachability:
        return tr("<p>When the pool's dials fail, a banner above the timelines says why in "
                  "plain words. <b>Run probe</b> (in the banner or the Reachability tab) "
                  "connects to the target step by step, resolve, connect, TLS and first "
                  "response byte, and says which step fails or where the time goes. The "
                  "<b>idle-cutoff finder</b> measures after how long the server or the network "
                  "drops idle connections, and can set the pool's idle timeout below it in one "
                  "click.</p>");
    case Topic::Shortcuts:
        return tr("<table cellpadding=3>"
                  "<tr><td><b>F5</b></td><td>start or stop the workload</td></tr>"
                  "<tr><td><b>F8</b></td><td>pause or resume the live views (charts, lanes, "
                  "log)</td></tr>"
                  "<tr><td><b>Ctrl+Shift+F</b></td><td>flush the pool (a new "
                  "generation)</td></tr>"
                  "<tr><td><b>Ctrl+Shift+R</b></td><td>restart the lab backend</td></tr>"
                  "<tr><td><b>Ctrl+O / Ctrl+S</b></td><td>load / save a settings "
                  "profile</td></tr>"
                  "<tr><td><b>F1</b></td><td>this guide</td></tr>"
                  "<tr><td><b>+ / − / End</b></td><td>in the lanes: zoom in, zoom out, go "
                  "live</td></tr>"
                  "</table>");
    }
    return {};
}
