# HaiDuong.Agri API image.
#   docker build -t haiduong-agri .
#   docker run -p 8080:8080 \
#     -e ConnectionStrings__Marten="Host=db;Port=5432;Database=agri;Username=agri;Password=agri" \
#     -e Agri__AdminApiKey=change-me haiduong-agri
# The image holds no PostgreSQL: give it ConnectionStrings__Marten (docker-compose.yml does).
# Without it the app looks for local PostgreSQL binaries, finds none and exits with a message saying so.

# ---- build ------------------------------------------------------------------------------------------
# global.json pins SDK 10.0.401 with rollForward latestFeature: the SDK in this image must be 10.0.401 or a
# later 10.0 feature band/patch. The 10.0 tag carries the newest 10.0 SDK; if yours is older, pull a newer one.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the files that decide the package graph only, so this layer is reused until they change.
COPY global.json HaiDuong.Agri.sln Directory.Build.props Directory.Packages.props ./
# Every src/<Name>/<Name>.csproj, back in its own folder (COPY with a wildcard flattens paths).
COPY src/*/*.csproj ./src/
RUN for project in src/*.csproj; do \
        name="$(basename "$project" .csproj)"; \
        mkdir -p "src/$name" && mv "$project" "src/$name/"; \
    done
RUN dotnet restore src/HaiDuong.Agri.Api/HaiDuong.Agri.Api.csproj

# Then the sources (.editorconfig too: code style is enforced in the build).
COPY . .
RUN dotnet publish src/HaiDuong.Agri.Api -c Release -o /app --no-restore

# ---- run --------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./

ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

# The folder of the key that encrypts the data protection key ring (docker-compose.yml mounts a volume there); the volume
# takes the folder's owner, so `app` can create the key on first start.
RUN mkdir -p /var/lib/haiduong-agri/keys && chown "$APP_UID" /var/lib/haiduong-agri/keys

# `app` is the non-root user the .NET images define (UID $APP_UID, 1654).
USER app
ENTRYPOINT ["dotnet", "HaiDuong.Agri.Api.dll"]
