using System.Collections;
using HaiDuong.Agri.Labels.Pdf;

namespace HaiDuong.Agri.Labels;

/// <summary>A QR code's dark modules as one PDF path of merged horizontal runs, in module units (row 0 at the top).</summary>
internal static class QrPath
{
    public static int[] NewRowBuffer() => new int[8];

    /// <summary>Appends one <c>re</c> per run of dark modules; the caller sets the transform and fills (<c>f</c>).</summary>
    public static void AppendModules(ByteBuffer content, List<BitArray> matrix, ref int[] rowBits)
    {
        var size = matrix.Count;
        var words = (size + 31) / 32;
        if (rowBits.Length < words)
        {
            rowBits = new int[words];
        }

        var bits = rowBits;
        for (var row = 0; row < size; row++)
        {
            matrix[row].CopyTo(bits, 0);
            var column = 0;
            while (column < size)
            {
                if ((bits[column >> 5] & (1 << (column & 31))) == 0)
                {
                    column++;
                    continue;
                }

                var start = column;
                do
                {
                    column++;
                }
                while (column < size && (bits[column >> 5] & (1 << (column & 31))) != 0);

                content.AppendInteger(start).AppendByte((byte)' ').AppendInteger(row).AppendByte((byte)' ')
                    .AppendInteger(column - start).Append(" 1 re\n"u8);
            }
        }
    }
}
