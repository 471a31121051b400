#pragma once

#include <QByteArrayView>

// The HTTP syntax that both PoolScope's client (the response parser) and its server (the lab)
// check, written once.
namespace HttpSyntax {

// One or more tchar (RFC 9110, 5.6.2), as a method or a field name must be.
bool isToken(QByteArrayView text);

// Where value, a field value with or without the whitespace around it, has its first byte that
// RFC 9110 (5.5) forbids there: NUL, CR, LF or another control character but HTAB. -1: none.
qsizetype invalidFieldValueByte(QByteArrayView value);

} // namespace HttpSyntax
