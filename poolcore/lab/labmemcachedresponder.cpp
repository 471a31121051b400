#include "labmemcachedresponder.h"

using namespace Qt::StringLiterals;

LabResponder::Status LabMemcachedResponder::take(QByteArray &buffer)
{
    const qsizetype newline = buffer.indexOf('\n');
    if (newline < 0 || newline > MaxLineLength) {
        return buffer.size() > MaxLineLength ? malformed(u"line too long"_s) : Status::NeedMore;
    }
    const QByteArray line = buffer.first(newline);
    buffer.remove(0, newline + 1);
    m_words.clear();
    for (const QByteArray &word : line.trimmed().split(' ')) {
        if (!word.isEmpty())
            m_words << word;
    }
    return Status::Request;
}

LabResponder::Answer LabMemcachedResponder::answer(qint64 responseSize) const
{
    const QByteArray command = m_words.value(0);
    if (command == "version" && m_words.size() == 1)
        return {"VERSION " + (responseSize > 0 ? filler(responseSize) : "1.6.0-poolscope-lab"_ba)
                + "\r\n"};
    if ((command == "get" || command == "gets") && m_words.size() >= 2) {
        QByteArray text;
        for (qsizetype i = 1; i < m_words.size(); ++i) {
            text += "VALUE " + m_words.at(i) + " 0 " + QByteArray::number(responseSize)
                + (command == "gets" ? " 1\r\n" : "\r\n") + filler(responseSize) + "\r\n";
        }
        return {text + "END\r\n"};
    }
    if (command == "quit")
        return {{}, true};
    return {"ERROR\r\n"_ba, false, true};
}

std::optional<LabResponder::Answer> LabMemcachedResponder::errorAnswer() const
{
    return Answer{"SERVER_ERROR injected error\r\n"_ba, false, true};
}

QByteArray LabMemcachedResponder::malformedAnswer() const
{
    return "CLIENT_ERROR " + errorString().toUtf8() + "\r\n";
}
