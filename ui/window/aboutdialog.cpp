#include "aboutdialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// A path the user can select and copy, and open the folder of with a click.
QString pathLink(const QString &path)
{
    const QString folder = QFileInfo(path).absolutePath();
    return u"<a href=\"%1\">%2</a>"_s.arg(QUrl::fromLocalFile(folder).toString(),
                                          QDir::toNativeSeparators(path).toHtmlEscaped());
}

} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About PoolScope"));
    auto *layout = new QVBoxLayout(this);
    auto *body = new QHBoxLayout;
    auto *icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);
    icon->setVisible(!QApplication::windowIcon().isNull());
    body->addWidget(icon);
    auto *label = new QLabel(text(), this);
    label->setObjectName(u"aboutText"_s);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setOpenExternalLinks(true);
    label->setMinimumWidth(460);
    body->addWidget(label, 1);
    layout->addLayout(body);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString AboutDialog::text()
{
    // The same QSettings the window reads and writes: the organisation and application names
    // come from the QApplication (PoolScope, poolscope).
    const QString settings = QSettings().fileName();
    QString qt = tr("Qt %1").arg(QString::fromLatin1(qVersion()));
    if (qstrcmp(qVersion(), QT_VERSION_STR) != 0)
        qt += tr(" (built with %1)").arg(QStringLiteral(QT_VERSION_STR));
    return tr("<p><b>PoolScope %1</b><br>See and understand TCP connection pools.</p>"
              "<p>%2</p>"
              "<p><b>Settings</b>: %3<br>The window's layout and the last target, pool "
              "settings and workload, kept between runs.</p>"
              "<p><b>Profiles</b> (File → Save settings profile) are JSON files saved where you "
              "choose; the dialog starts in the working directory, %4.</p>")
        .arg(QApplication::applicationVersion().toHtmlEscaped(), qt, pathLink(settings),
             QDir::toNativeSeparators(QDir::currentPath()).toHtmlEscaped());
}
