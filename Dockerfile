# syntax=docker/dockerfile:1
# tfwarden in a container: a static (musl) binary on distroless/static, run as a non-root user.
# The shipped policy library is embedded in the binary (include_dir! of policies/ at build
# time), so the image needs nothing but the binary.
#
#   docker build -t tfwarden .
#   docker run --rm -v "$PWD:/src" tfwarden scan .
#
# Checked by `make packaging` (scripts/check-packaging.sh) and tests/packaging.rs.

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-alpine AS build
# gcc and the musl headers for the C parts of the build (mimalloc); their versions are those of
# the image's Alpine release.
# hadolint ignore=DL3018
RUN apk add --no-cache gcc musl-dev
WORKDIR /src
# Only what the build reads (see .dockerignore): the manifest and lock file, the build script,
# the sources, the policy library the binary embeds, and benches/ (Cargo.toml names targets
# there, and cargo checks that every named target exists).
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY policies ./policies
COPY benches ./benches
# The image's Rust (rustup's, not Alpine's package) targets x86_64/aarch64-unknown-linux-musl,
# which links statically by default: the binary runs on distroless/static, which has no libc.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin tfwarden \
    && cp target/release/tfwarden /usr/local/bin/tfwarden \
    && /usr/local/bin/tfwarden --version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /usr/local/bin/tfwarden /usr/local/bin/tfwarden
# distroless's "nonroot" user (uid 65532), named by number so that Kubernetes'
# runAsNonRoot can check it.
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["tfwarden"]
CMD ["scan", "."]
