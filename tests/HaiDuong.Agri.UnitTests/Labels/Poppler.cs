using System.ComponentModel;
using System.Diagnostics;

namespace HaiDuong.Agri.UnitTests.Labels;

/// <summary>
/// Runs the poppler-utils programs (pdfinfo, pdftotext, pdftoppm, pdffonts) on PDFs the tests write. A PDF passes
/// only if the program exits 0 and prints nothing on stderr: poppler reports every syntax or font problem there.
/// </summary>
internal static class Poppler
{
    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"'{program}' is not installed: the label PDF tests need poppler-utils (apt-get install -y poppler-utils).",
                exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran for more than 60 s.");
            }

            process.WaitForExit();
            if (process.ExitCode != 0 || error.Result.Length > 0)
            {
                throw new InvalidOperationException(
                    $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}; stderr: {error.Result}");
            }

            return output.Result;
        }
    }
}
