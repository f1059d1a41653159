using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace HaiDuong.Agri.IntegrationTests.Platform;

/// <summary>The service as README's run command starts it: a real process on Kestrel, on the embedded default.</summary>
public sealed class RunCommandTests(ITestOutputHelper output)
{
    private static readonly string ApiDll = Path.Combine(AppContext.BaseDirectory, "HaiDuong.Agri.Api.dll");

    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder lines = new();
        private readonly TaskCompletionSource<string> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AppProcess(string dataDirectory, int port, params (string Name, string Value)[] environment)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            info.ArgumentList.Add(ApiDll);
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{port}");
            info.Environment["Agri__DataDirectory"] = dataDirectory;
            info.Environment.Remove("ConnectionStrings__Marten");
            info.Environment.Remove("Agri__AdminApiKey");
            foreach (var (name, value) in environment)
            {
                info.Environment[name] = value;
            }

            process = Process.Start(info)!;
            process.OutputDataReceived += (_, e) => Read(e.Data);
            process.ErrorDataReceived += (_, e) => Read(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (lines)
                {
                    return lines.ToString();
                }
            }
        }

        public Task<string> Listening => listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

        public async Task<int> ExitAsync()
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return process.ExitCode;
        }

        /// <summary>SIGTERM, as a service manager stops it.</summary>
        public async Task<int> StopAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            return await ExitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        private void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.AppendLine(line);
            }

            if (line.Contains("is listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string AdminKeyIn(string output) =>
        output.Split('\n').Single(l => l.StartsWith("Admin API key", StringComparison.Ordinal)).Split(": ").Last().Trim();

    [Fact]
    public async Task The_run_command_prints_its_urls_and_admin_key_keeps_data_and_key_across_restarts_and_stops_its_database()
    {
        var dataDirectory = EmbeddedAgriApp.NewDataDirectory();
        var port = FreePort();
        try
        {
            string batchId;
            string adminKey;
            var clock = Stopwatch.StartNew();
            await using (var first = new AppProcess(dataDirectory, port))
            {
                var listening = await first.Listening;
                output.WriteLine($"first start (new cluster): {clock.ElapsedMilliseconds} ms");
                listening.Should().Contain($"http://127.0.0.1:{port}").And.Contain("/swagger");
                adminKey = AdminKeyIn(first.Output);
                adminKey.Should().StartWith("agri_");

                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
                var cooperative = await (await http.PostJson("/api/v1/cooperatives", new { name = "HTX Thanh Hà", provinceCode = "31", communeCode = "10813" }))
                    .Expect(HttpStatusCode.Created);
                batchId = cooperative.Id();

                // The default run loads Hải Phòng's shipped register: a commune outside it is refused, naming the field.
                await (await http.PostJson("/api/v1/cooperatives", new { name = "HTX", provinceCode = "31", communeCode = "11059" }))
                    .ExpectFieldErrors("communeCode");

                // A body streamed without a length is cut by Kestrel at the route's limit: still our 413 problem.
                using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"name":"{{new string('x', 1_200_000)}}"}""")));
                chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cooperatives") { Content = chunked };
                request.Headers.TransferEncodingChunked = true;
                await (await http.SendAsync(request)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

                // An empty Idempotency-Key reaches the app over Kestrel and is our 400 problem; a NUL in the path Kestrel
                // refuses itself before the app sees the request (400, no body).
                await (await http.PostJson("/api/v1/cooperatives", new { name = "HTX", provinceCode = "31", communeCode = "10813" }, ("Idempotency-Key", "")))
                    .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
                (await http.GetAsync($"/api/v1/cooperatives/{batchId}%00")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

                (await first.StopAsync()).Should().Be(0);
            }

            File.Exists(Path.Combine(dataDirectory, "postmaster.pid")).Should().BeFalse("stopping the app stops its PostgreSQL");

            clock.Restart();
            await using var second = new AppProcess(dataDirectory, port);
            await second.Listening;
            output.WriteLine($"second start (existing cluster): {clock.ElapsedMilliseconds} ms");
            AdminKeyIn(second.Output).Should().Be(adminKey, "the generated key is kept beside the data");
            using var again = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            (await (await again.GetAsync($"/api/v1/cooperatives/{batchId}")).Expect(HttpStatusCode.OK))["name"]!.GetValue<string>()
                .Should().Be("HTX Thanh Hà");
            (await second.StopAsync()).Should().Be(0);
        }
        finally
        {
            await EmbeddedAgriApp.StopLeftoversAsync(dataDirectory);
            Directory.Delete(Path.GetDirectoryName(dataDirectory)!, recursive: true);
        }
    }

    [Fact]
    public async Task Without_PostgreSQL_binaries_the_app_exits_with_one_sentence_saying_what_to_do()
    {
        var empty = Directory.CreateTempSubdirectory("agri-no-postgres-");
        try
        {
            await using var app = new AppProcess(Path.Combine(empty.FullName, "data"), FreePort(), ("Agri__PostgresBinDirectory", empty.FullName));
            (await app.ExitAsync()).Should().Be(1);
            var said = app.Output.Trim();
            said.Should().Contain("apt-get install postgresql").And.Contain("ConnectionStrings:Marten");
            said.Split('\n').Should().ContainSingle("the reason is one sentence, not a stack trace");
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_weak_configured_admin_key_stops_the_app_with_a_sentence_saying_why()
    {
        var dataDirectory = EmbeddedAgriApp.NewDataDirectory();
        try
        {
            await using var app = new AppProcess(dataDirectory, FreePort(), ("Agri__AdminApiKey", "change-me-before-exposing-this-api"));
            (await app.ExitAsync()).Should().Be(1);
            app.Output.Should().Contain("Agri:AdminApiKey must be a secret of at least 32 characters");
            File.Exists(Path.Combine(dataDirectory, "postmaster.pid")).Should().BeFalse("the embedded server it started is stopped again");
        }
        finally
        {
            if (Directory.Exists(Path.GetDirectoryName(dataDirectory)))
            {
                await EmbeddedAgriApp.StopLeftoversAsync(dataDirectory);
                Directory.Delete(Path.GetDirectoryName(dataDirectory)!, recursive: true);
            }
        }
    }
}
