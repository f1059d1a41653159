namespace HaiDuong.Agri.Labels;

/// <summary>
/// Where things sit on a template's page, in PDF points (1/72 inch) with the origin at the bottom left.
/// Labels are numbered row by row from the top left. Inside a label, the QR symbol's box (its dark modules, the quiet
/// zone excluded) and the text box are given relative to the label's bottom-left corner.
/// </summary>
/// <remarks>
/// Office printers do not print the outer 4–5 mm of a sheet, and an A4 3×8 sheet has no margins, so every mark (QR
/// modules, text, badge outlines) keeps <see cref="InkMargin"/> (≥ 5 mm) from every edge of every label: the page edge
/// for the outer labels, and the die cut for the rest. The QR code's quiet zone (white) may reach into that margin; on the
/// side of the text it has <see cref="QuietZone"/> of its own.
/// </remarks>
internal sealed record LabelGeometry(
    double PageWidth,
    double PageHeight,
    int Columns,
    int Rows,
    double LabelWidth,
    double LabelHeight,
    double InkMargin,
    double QrLeft,
    double QrBottom,
    double QrSide,
    double QuietZone,
    double TextLeft,
    double TextBottom,
    double TextWidth,
    double TextHeight,
    double NameSize,
    double BodySize,
    double MinimumSize,
    double FooterSize)
{
    public const double PointsPerMillimetre = 72 / 25.4;

    /// <summary>Modules of quiet zone QRCoder puts around a symbol in its module matrix (ISO/IEC 18004: at least 4).</summary>
    public const int QuietModules = 4;

    /// <summary>
    /// 70 × 37.125 mm labels edge to edge. 5.5 mm of margin (0.5 mm for the sheet's feed tolerance) leaves a 26.125 mm
    /// symbol: 0.64 mm modules for our usual ~80-character Digital Links (version 6), 0.53 mm at version 8. The quiet zone
    /// kept right of it is a version 5 code's, so links down to version 5 get the full size too.
    /// </summary>
    public static readonly LabelGeometry A4ThreeByEight = Create(
        pageWidth: 595.28,
        pageHeight: 841.89,
        columns: 3,
        rows: 8,
        labelWidthMm: 70,
        labelHeightMm: 37.125,
        inkMarginMm: 5.5,
        quietZoneMm: 2.85,
        nameSize: 8.5,
        bodySize: 7.5,
        minimumSize: 5,
        footerSize: 6.5);

    /// <summary>
    /// One 50 × 30 mm label per page, so its whole border is the sheet's edge: 5 mm all round leaves 40 × 20 mm, and the
    /// symbol takes the full 20 mm height (0.49 mm modules for version 6, whose quiet zone is the 2 mm kept right of it).
    /// The text then has 18 × 20 mm and goes down to 4 pt.
    /// </summary>
    public static readonly LabelGeometry Thermal50x30 = Create(
        pageWidth: 50 * PointsPerMillimetre,
        pageHeight: 30 * PointsPerMillimetre,
        columns: 1,
        rows: 1,
        labelWidthMm: 50,
        labelHeightMm: 30,
        inkMarginMm: 5,
        quietZoneMm: 2,
        nameSize: 7,
        bodySize: 6,
        minimumSize: 4,
        footerSize: 4.5);

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
    /// The side of one module of a code whose module matrix (quiet zone included) is <paramref name="matrixSize"/>
    /// modules wide: the symbol fills <see cref="QrSide"/>, unless its quiet zone would then be wider than
    /// <see cref="QuietZone"/> (short payloads, few modules), in which case the modules are that much smaller.
    /// </summary>
    public double QrModule(int matrixSize) =>
        Math.Min(QrSide / (matrixSize - (2 * QuietModules)), QuietZone / QuietModules);

    /// <summary>
    /// Where the symbol of a code with a <paramref name="matrixSize"/>-module matrix (quiet zone included) is drawn,
    /// relative to the label: its bottom-left corner and side, quiet zone excluded, and its module. It sits on the left
    /// margin, centred vertically in the QR box.
    /// </summary>
    public (double Left, double Bottom, double Side, double Module) QrSymbol(int matrixSize)
    {
        var module = QrModule(matrixSize);
        var side = module * (matrixSize - (2 * QuietModules));
        return (QrLeft, QrBottom + ((QrSide - side) / 2), side, module);
    }

    /// <summary>
    /// The symbol box fills the label's height inside the margins and sits on the left margin; the text box takes what
    /// is right of the symbol's quiet zone, inside the margins.
    /// </summary>
    private static LabelGeometry Create(
        double pageWidth,
        double pageHeight,
        int columns,
        int rows,
        double labelWidthMm,
        double labelHeightMm,
        double inkMarginMm,
        double quietZoneMm,
        double nameSize,
        double bodySize,
        double minimumSize,
        double footerSize)
    {
        const double mm = PointsPerMillimetre;
        var qrSideMm = labelHeightMm - (2 * inkMarginMm);
        var textLeftMm = inkMarginMm + qrSideMm + quietZoneMm;
        return new LabelGeometry(
            PageWidth: pageWidth,
            PageHeight: pageHeight,
            Columns: columns,
            Rows: rows,
            LabelWidth: labelWidthMm * mm,
            LabelHeight: labelHeightMm * mm,
            InkMargin: inkMarginMm * mm,
            QrLeft: inkMarginMm * mm,
            QrBottom: inkMarginMm * mm,
            QrSide: qrSideMm * mm,
            QuietZone: quietZoneMm * mm,
            TextLeft: textLeftMm * mm,
            TextBottom: inkMarginMm * mm,
            TextWidth: (labelWidthMm - textLeftMm - inkMarginMm) * mm,
            TextHeight: qrSideMm * mm,
            NameSize: nameSize,
            BodySize: bodySize,
            MinimumSize: minimumSize,
            FooterSize: footerSize);
    }
}
