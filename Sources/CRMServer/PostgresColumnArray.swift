// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import PostgresNIO

/// One column of a batch's rows bound as a single PostgreSQL array, SQL NULLs included.
///
/// PostgresNIO encodes `[String]` and `[Int64]` but not arrays with holes, and a push's rows have
/// NULL columns (a change's `base_hlc`, `field`, `scope`). Binding each column as one array lets
/// the write statement keep a fixed text (`unnest` turns the arrays back into rows), so
/// PostgreSQL plans it once per connection instead of once per push.
struct PostgresColumnArray<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>:
    PostgresNonThrowingEncodable, PostgresDynamicTypeEncodable
{
    var elements: [Element?]

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    /// PostgreSQL's binary array: dimensions, a has-NULLs flag, the element type, then each element
    /// as its length and bytes, a NULL as length -1 (what `array_recv` reads).
    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count), as: Int32.self)
        buffer.writeInteger(1, as: Int32.self)
        for element in elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            element.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
        }
    }
}
