namespace HaiDuong.Agri.Labels;

/// <summary>
/// Where things sit on a template's page, in PDF points (1/72 inch) with the origin at the bottom left.
/// Labels are numbered row by row from the top left. Inside a label, the QR box (quiet zone included) and
/// the text box are given relative to the label's bottom-left corner.
/// </summary>
internal sealed record LabelGeometry(
    double PageWidth,
    double PageHeight,
    int Columns,
    int Rows,
    double LabelWidth,
    double LabelHeight,
    double QrLeft,
    double QrBottom,
    double QrSide,
    double TextLeft,
    double TextBottom,
    double TextWidth,
    double TextHeight,
    double NameSize,
    double BodySize,
    double MinimumSize)
{
    public const double PointsPerMillimetre = 72 / 25.4;

    public static readonly LabelGeometry A4ThreeByEight = Create(
        pageWidth: 595.28,
        pageHeight: 841.89,
        columns: 3,
        rows: 8,
        labelWidthMm: 70,
        labelHeightMm: 37.125,
        qrSideMm: 35.125,
        qrLeftMm: 1,
        textPaddingMm: 3,
        nameSize: 8.5,
        bodySize: 7.5,
        minimumSize: 5);

    public static readonly LabelGeometry Thermal50x30 = Create(
        pageWidth: 50 * PointsPerMillimetre,
        pageHeight: 30 * PointsPerMillimetre,
        columns: 1,
        rows: 1,
        labelWidthMm: 50,
        labelHeightMm: 30,
        qrSideMm: 26,
        qrLeftMm: 1,
        textPaddingMm: 2,
        nameSize: 7,
        bodySize: 6,
        minimumSize: 4.5);

    public int LabelsPerPage => Columns * Rows;

    public static LabelGeometry For(LabelTemplate template) => template switch
    {
        LabelTemplate.A4ThreeByEight => A4ThreeByEight,
        LabelTemplate.Thermal50x30 => Thermal50x30,
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown label template."),
    };

    /// <summary>The bottom-left corner of the label at <paramref name="index"/> (0-based) on its page.</summary>
    public (double X, double Y) LabelOrigin(int index)
    {
        var column = index % Columns;
        var row = index / Columns;
        return (column * LabelWidth, PageHeight - ((row + 1) * LabelHeight));
    }

    /// <summary>
    /// The QR square (quiet zone included) sits 1 mm from the label's left edge and is centred vertically, so its
    /// dark modules keep about 3 mm from the edges; the text box starts just right of it and keeps the padding.
    /// </summary>
    private static LabelGeometry Create(
        double pageWidth,
        double pageHeight,
        int columns,
        int rows,
        double labelWidthMm,
        double labelHeightMm,
        double qrSideMm,
        double qrLeftMm,
        double textPaddingMm,
        double nameSize,
        double bodySize,
        double minimumSize)
    {
        const double mm = PointsPerMillimetre;
        var textLeftMm = qrLeftMm + qrSideMm + 0.5;
        return new LabelGeometry(
            PageWidth: pageWidth,
            PageHeight: pageHeight,
            Columns: columns,
            Rows: rows,
            LabelWidth: labelWidthMm * mm,
            LabelHeight: labelHeightMm * mm,
            QrLeft: qrLeftMm * mm,
            QrBottom: (labelHeightMm - qrSideMm) / 2 * mm,
            QrSide: qrSideMm * mm,
            TextLeft: textLeftMm * mm,
            TextBottom: textPaddingMm * mm,
            TextWidth: (labelWidthMm - textLeftMm - textPaddingMm) * mm,
            TextHeight: (labelHeightMm - (2 * textPaddingMm)) * mm,
            NameSize: nameSize,
            BodySize: bodySize,
            MinimumSize: minimumSize);
    }
}
