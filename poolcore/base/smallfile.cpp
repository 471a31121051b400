#include "smallfile.h"

#include <QFile>

using namespace Qt::StringLiterals;

SmallFile SmallFile::read(const QString &path, qint64 limitBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, file.errorString()};
    // One byte more than the limit tells a file at the limit from a larger one, pipes included.
    QByteArray data = file.read(limitBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return {{}, file.errorString()};
    if (data.size() > limitBytes)
        return {{}, u"it is larger than %1 KiB, the most accepted"_s.arg(limitBytes / 1024)};
    return {std::move(data), {}};
}
