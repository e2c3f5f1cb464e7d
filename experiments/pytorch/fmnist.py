#!/usr/bin/env python3
"""carbonlab's reference workloads in PyTorch: the same four models, data, split, optimizer and loop as the DJL
engine (org.carbonlab.workload), run as an external command that speaks the trial protocol
(carbonlab_protocol.py, experiments/PROTOCOL.md).

Runs unchanged on Debian's python3-torch 1.13 (CPU) and on PyTorch 2.x with CUDA.

  fmnist.py --model cnn --precision amp-bf16 --epochs 3 --data full --seed 1
  fmnist.py --check --device cuda --precision amp-fp16     # preflight: can this interpreter run it? (exit 0/2)
  fmnist.py --describe --model vit-tiny                    # parameter count and layers, no training

Precisions: fp32 (TF32 off unless --tf32 on), amp-bf16 (torch.autocast, BF16), amp-fp16 (autocast FP16 with a
GradScaler: CUDA only), bf16 and fp16 (the whole model in that type; fp16 on CUDA only).
"""

import argparse
import gzip
import math
import os
import platform
import struct
import sys
import time

import carbonlab_protocol as protocol

MEAN, STD = 0.2860, 0.3530
CLASSES = 10
INFERENCE_PREDICTIONS = 10_000
HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "src", "main", "resources", "org", "carbonlab", "workload",
                       "fashion-mnist-subset")
DEBIAN = "/usr/share/datasets/fashion-mnist"
# the cnn family's widths: conv1, conv2, hidden (org.carbonlab.workload.Architecture)
CNN_WIDTHS = {"cnn": (32, 64, 128), "cnn-wide": (64, 128, 256), "cnn-small": (8, 16, 32)}
MODELS = ["cnn", "vit-tiny", "cnn-wide", "cnn-small"]
PRECISIONS = ["fp32", "fp16", "bf16", "amp-fp16", "amp-bf16"]


class Refused(Exception):
    """What this interpreter or device cannot run, said before anything is trained."""


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="cnn", choices=MODELS)
    p.add_argument("--precision", default="fp32", choices=PRECISIONS)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--schedule", default="constant", choices=["constant", "cosine"])
    p.add_argument("--patience", type=int, default=0)
    p.add_argument("--min-delta", type=float, default=0.0)
    p.add_argument("--target-accuracy", default="none")
    p.add_argument("--data", default="bundled", help="bundled | full | a directory of the four IDX .gz files")
    p.add_argument("--train-examples", type=int, default=0, help="use only the first N training examples")
    p.add_argument("--passes", type=int, default=1,
                   help="passes over the training images per epoch (long enough epochs to meter on a fast GPU)")
    p.add_argument("--teacher", default="none", help="a --save directory of a trained cnn-wide: distil from it")
    p.add_argument("--save", default=None, help="write the trained weights to DIR/model.pt")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda", "gpu"], help="gpu is cuda (the spec's word)")
    p.add_argument("--threads", type=int, default=0, help="intra-op threads on the CPU (0: every core)")
    p.add_argument("--tf32", default="off", choices=["off", "on"], help="allow TF32 for fp32 on CUDA")
    p.add_argument("--predictions", type=int, default=INFERENCE_PREDICTIONS,
                   help="timed predictions after training (the summaries read inference-10000)")
    p.add_argument("--check", action="store_true", help="only check that this precision runs here; exit 0 or 2")
    p.add_argument("--describe", action="store_true", help="print the model's parameter count and exit")
    a = p.parse_args(argv)
    a.device = "cuda" if a.device == "gpu" else a.device
    for name in ("epochs", "batch_size", "passes"):
        if getattr(a, name) < 1:
            p.error("--%s must be at least 1" % name.replace("_", "-"))
    return a


# ---- data: the official IDX files, the same split and normalisation as FashionMnist.java ----

def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, count = struct.unpack(">II", raw[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", raw[8:16])
        return count, raw[16:16 + count * rows * cols], rows * cols
    if magic == 2049:
        return count, raw[8:8 + count], 1
    raise ValueError("%s is not an IDX image or label file (magic %d)" % (path, magic))


def load_split(torch, directory, kind):
    n, images, pixels = read_idx(os.path.join(directory, kind + "-images-idx3-ubyte.gz"))
    m, labels, _ = read_idx(os.path.join(directory, kind + "-labels-idx1-ubyte.gz"))
    if n != m or pixels != 784:
        raise ValueError("%s: %d images of %d pixels but %d labels" % (directory, n, pixels, m))
    x = torch.frombuffer(bytearray(images), dtype=torch.uint8).reshape(n, 1, 28, 28).float()
    x = (x / 255.0 - MEAN) / STD
    y = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long()
    return x, y


def load_data(torch, data, train_examples):
    directory = {"bundled": BUNDLED, "full": DEBIAN}.get(data, data)
    if not os.path.isdir(directory):
        raise Refused("data '%s' is not a directory; valid: bundled, full (%s, apt-get install "
                      "dataset-fashion-mnist) or a directory of the four IDX .gz files" % (data, DEBIAN))
    origin = {"bundled": "bundled subset (%s)" % os.path.normpath(BUNDLED)}.get(data, directory)
    tx, ty = load_split(torch, directory, "train")
    sx, sy = load_split(torch, directory, "t10k")
    validation = tx.shape[0] // 12  # the last twelfth: 5,000 of the official 60,000
    vx, vy = tx[-validation:], ty[-validation:]
    tx, ty = tx[:-validation], ty[:-validation]
    if 0 < train_examples < tx.shape[0]:
        tx, ty = tx[:train_examples], ty[:train_examples]
        origin += ", first %d training examples" % train_examples
    return (tx, ty), (vx, vy), (sx, sy), origin


class JavaRandom:
    """java.util.Random, so the data order is the DJL engine's (Training.shuffled) for the same seed."""

    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def next31(self):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        return self.seed >> 17

    def next_int(self, bound):
        if bound & -bound == bound:
            return (bound * self.next31()) >> 31
        while True:
            bits = self.next31()
            val = bits % bound
            if bits - val + (bound - 1) < (1 << 31):
                return val


def data_order(torch, n, args, epoch, device):
    """The epoch's order: java.util.Random's shuffle (the DJL engine's order) on the CPU; on CUDA a seeded
    torch.randperm, since the Python shuffle would take longer than a fast GPU's epoch. --passes concatenates."""
    seed = args.seed * 1_000_003 + epoch
    if args.device == "cuda":
        g = torch.Generator().manual_seed(seed)
        return torch.cat([torch.randperm(n, generator=g) for _ in range(args.passes)]).to(device)
    return torch.tensor([i for p in range(args.passes) for i in shuffled(n, seed + p * 7919)], device=device)


def shuffled(n, seed):
    rnd, a = JavaRandom(seed), list(range(n))
    for i in range(n - 1, 0, -1):
        j = rnd.next_int(i + 1)
        a[i], a[j] = a[j], a[i]
    return a


# ---- models: the layer sizes of org.carbonlab.workload.Models ----

def build_model(torch, name):
    nn = torch.nn
    if name in CNN_WIDTHS:
        c1, c2, hidden = CNN_WIDTHS[name]
        return nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(c2 * 49, hidden), nn.ReLU(), nn.Linear(hidden, CLASSES))

    class SelfAttention(nn.Module):
        def __init__(self, width, heads):
            super().__init__()
            self.heads = heads
            self.query, self.key, self.value, self.output = (nn.Linear(width, width) for _ in range(4))

        def forward(self, x):
            b, t, w = x.shape
            d = w // self.heads

            def split(z):
                return z.reshape(b, t, self.heads, d).transpose(1, 2)

            q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
            a = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d), dim=-1)
            return self.output((a @ v).transpose(1, 2).reshape(b, t, w))

    class Layer(nn.Module):
        def __init__(self, width, heads, ff):
            super().__init__()
            self.norm1, self.attention = nn.LayerNorm(width), SelfAttention(width, heads)
            self.norm2, self.ff1, self.ff2 = nn.LayerNorm(width), nn.Linear(width, ff), nn.Linear(ff, width)

        def forward(self, x):
            x = x + self.attention(self.norm1(x))
            return x + self.ff2(torch.nn.functional.gelu(self.ff1(self.norm2(x))))

    class VitTiny(nn.Module):
        def __init__(self, width=64, heads=4, ff=128, layers=2):
            super().__init__()
            self.projection = nn.Linear(49, width)
            self.cls = nn.Parameter(torch.zeros(1, 1, width))
            self.position = nn.Parameter(torch.randn(1, 17, width) * 0.02)
            self.layers = nn.ModuleList(Layer(width, heads, ff) for _ in range(layers))
            self.norm, self.head = nn.LayerNorm(width), nn.Linear(width, CLASSES)

        def forward(self, x):
            b = x.shape[0]
            patches = x.reshape(b, 1, 4, 7, 4, 7).permute(0, 2, 4, 1, 3, 5).reshape(b, 16, 49)
            t = torch.cat([self.cls.expand(b, -1, -1).to(x.dtype), self.projection(patches)], dim=1)
            t = t + self.position.to(t.dtype)
            for layer in self.layers:
                t = layer(t)
            return self.head(self.norm(t)[:, 0])

    return VitTiny()


def parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# ---- precision: what this interpreter and device can run, and how ----

def precision_plan(torch, args):
    """(autocast dtype or None, whole-model dtype, uses a GradScaler), or Refused with the reason."""
    p, cuda = args.precision, args.device == "cuda"
    if cuda and not torch.cuda.is_available():
        raise Refused("--device cuda: torch %s sees no CUDA device (built for CUDA %s)"
                      % (torch.__version__, torch.version.cuda))
    if p in ("fp16", "amp-fp16") and not cuda:
        raise Refused("%s runs on CUDA only here: PyTorch's CPU FP16 autocast and GradScaler are missing or"
                      " emulated on CPUs (torch %s); use amp-bf16 or fp32" % (p, torch.__version__))
    if p in ("bf16", "amp-bf16") and cuda and not torch.cuda.is_bf16_supported():
        raise Refused("%s: this GPU has no BF16 (compute capability %s)"
                      % (p, ".".join(map(str, torch.cuda.get_device_capability()))))
    return {"fp32": (None, torch.float32, False), "bf16": (None, torch.bfloat16, False),
            "fp16": (None, torch.float16, False), "amp-bf16": (torch.bfloat16, torch.float32, False),
            "amp-fp16": (torch.float16, torch.float32, True)}[p]


def cpu_bf16_native():
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((l.split(":", 1)[1].split() for l in f if l.startswith("flags")), [])
    except OSError:
        return "unknown"
    have = [x for x in ("avx512_bf16", "amx_bf16") if x in flags]
    return ("native (" + ", ".join(have) + ")") if have else "emulated (no avx512_bf16 or amx_bf16)"


def details(torch, args, autocast):
    d = {"torch": torch.__version__, "device": args.device, "autocast_dtype": str(autocast) if autocast else "none",
         "python": platform.python_version(), "passes_per_epoch": str(args.passes),
         "data_order": "torch.randperm" if args.device == "cuda" else "java.util.Random shuffle (as DJL)"}
    if args.device == "cuda":
        d.update({"gpu": torch.cuda.get_device_name(0), "cuda": torch.version.cuda,
                  "cudnn": str(torch.backends.cudnn.version()),
                  "compute_capability": ".".join(map(str, torch.cuda.get_device_capability())),
                  "tf32_matmul": str(torch.backends.cuda.matmul.allow_tf32),
                  "tf32_cudnn": str(torch.backends.cudnn.allow_tf32)})
    else:
        d.update({"cpu_capability": torch.backends.cpu.get_cpu_capability()
                  if hasattr(torch.backends, "cpu") else "unknown",
                  "cpu_bf16": cpu_bf16_native(), "mkldnn": str(torch.backends.mkldnn.is_available()),
                  "threads": str(torch.get_num_threads())})
    return d


# ---- the loop: Training.epochs of the Java engine ----

def main(argv):
    args = parse_args(argv)
    try:
        import torch
    except ImportError as e:
        protocol.error("%s has no torch (%s): install it (Debian: apt-get install python3-torch, then use"
                       " /usr/bin/python3) or name an interpreter that has it" % (sys.executable, e))
        return 2
    if args.describe:
        m = build_model(torch, args.model)
        print("%s %d" % (args.model, parameters(m)))
        return 0
    try:
        autocast, dtype, scaled = precision_plan(torch, args)
    except Refused as e:
        protocol.error(e)
        return 2
    if args.check:
        print("ok: torch %s, %s, %s" % (torch.__version__, args.device, args.precision))
        return 0
    try:
        return train(torch, args, autocast, dtype, scaled)
    except Refused as e:
        protocol.error(e)
        return 2


def train(torch, args, autocast, dtype, scaled):
    torch.manual_seed(args.seed)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    elif args.device == "cpu":
        torch.set_num_threads(os.cpu_count() or 1)
    cuda = args.device == "cuda"
    if cuda:
        torch.backends.cuda.matmul.allow_tf32 = args.tf32 == "on"
        torch.backends.cudnn.allow_tf32 = args.tf32 == "on"
    device = torch.device(args.device)
    target = float("nan") if args.target_accuracy == "none" else float(args.target_accuracy)
    (tx, ty), (vx, vy), (sx, sy), origin = load_data(torch, args.data, args.train_examples)
    # the whole data set lives on the device: no loader in the measured loop
    tx, ty, vx, vy, sx, sy = (t.to(device) for t in (tx, ty, vx, vy, sx, sy))
    model = build_model(torch, args.model).to(device=device, dtype=dtype)
    teacher = None
    if args.teacher != "none":
        if args.model == "cnn-wide":
            raise Refused("the teacher cnn-wide cannot be its own student; distil into cnn-small")
        teacher = build_model(torch, "cnn-wide").to(device=device, dtype=dtype)
        teacher.load_state_dict(torch.load(os.path.join(args.teacher, "model.pt"), map_location=device))
        teacher.eval()
    opt = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    steps_per_epoch = math.ceil(tx.shape[0] * args.passes / args.batch_size)
    scaler = make_scaler(torch) if scaled else None
    ce = torch.nn.CrossEntropyLoss()

    def sync():
        if cuda:
            torch.cuda.synchronize()

    def forward(m, x):
        if autocast is None:
            return m(x.to(dtype))
        with torch.autocast(device_type=args.device, dtype=autocast):
            return m(x)

    def loss_of(logits, x, y):
        if teacher is None:
            return ce(logits.float(), y)
        with torch.no_grad():
            soft = torch.softmax(forward(teacher, x).float() / 4.0, dim=1)
        kd = torch.nn.functional.kl_div(torch.log_softmax(logits.float() / 4.0, dim=1), soft,
                                        reduction="batchmean")
        return 0.9 * 16.0 * kd + 0.1 * ce(logits.float(), y)

    def accuracy(x, y):
        model.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, x.shape[0], args.batch_size):
                correct += (forward(model, x[i:i + args.batch_size]).argmax(1) == y[i:i + args.batch_size]).sum()
        model.train()
        return int(correct) / x.shape[0]

    curve, steps, skipped, train_seconds, best, stale, stopped, target_epoch = [], 0, 0, 0.0, -1.0, 0, False, None
    sync()
    protocol.mark("train-1")
    for epoch in range(1, args.epochs + 1):
        if stopped:
            break
        if epoch > 1:
            protocol.mark("train-%d" % epoch)
        t0 = time.perf_counter()
        order = data_order(torch, tx.shape[0], args, epoch, device)
        loss_sum = torch.zeros((), device=device)
        for s in range(steps_per_epoch):
            set_rate(opt, args, epoch, s, steps_per_epoch)
            idx = order[s * args.batch_size:(s + 1) * args.batch_size]
            x, y = tx[idx], ty[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_of(forward(model, x), x, y)
            if scaler is not None:
                before = scaler.get_scale()
                scaler.scale(loss).backward()
                scaler.step(opt)
                scaler.update()
                skipped += scaler.get_scale() < before  # the step was skipped for an overflow
            else:
                loss.backward()
                opt.step()
            loss_sum += loss.detach().float()
            steps += 1
        sync()
        train_seconds += time.perf_counter() - t0
        protocol.mark("validate-%d" % epoch)
        acc = accuracy(vx, vy)
        sync()
        curve.append((epoch, float(loss_sum) / steps_per_epoch, acc, time.perf_counter() - t0))
        if target_epoch is None and acc >= target:
            target_epoch = epoch
        if acc > best + args.min_delta:
            best, stale = acc, 0
        else:
            stale += 1
            stopped = args.patience > 0 and stale >= args.patience
    protocol.mark("after-training")
    test = accuracy(sx, sy)
    sync()
    protocol.mark("inference-%d" % args.predictions)
    t0 = time.perf_counter()
    predict(torch, model, forward, sx, args.batch_size, args.predictions)
    sync()
    inference = time.perf_counter() - t0
    protocol.mark("after-inference")
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        torch.save(model.state_dict(), os.path.join(args.save, "model.pt"))
    samples = tx.shape[0] * args.passes * len(curve)
    protocol.result(
        model=args.model, parameters=parameters(model), precision=args.precision, epochs=curve, test_accuracy=test,
        train_examples=tx.shape[0] * args.passes, steps=steps, inference_seconds=inference,
        engine="PyTorch %s (%s)" % (torch.__version__, args.device), data=origin,
        threads=torch.get_num_threads(), stopped_early=stopped, target_epoch=target_epoch,
        skipped_steps=int(skipped) if scaled else None,
        final_loss_scale=float(scaler.get_scale()) if scaled else None,
        weight_types=sorted({str(p.dtype).replace("torch.", "") for p in model.parameters()}),
        distilled=teacher is not None,
        metrics={"step_ms": 1000.0 * train_seconds / steps, "training_samples_per_s": samples / train_seconds},
        details=details(torch, args, autocast))
    return 0


def make_scaler(torch):
    # DESIGN.md's loss scaling: start 2^16, x2 after 2,000 clean steps, x0.5 and skip on overflow
    if hasattr(torch, "amp") and hasattr(torch.amp, "GradScaler"):
        return torch.amp.GradScaler("cuda", init_scale=2.0 ** 16, growth_interval=2000)
    return torch.cuda.amp.GradScaler(init_scale=2.0 ** 16, growth_interval=2000)


def set_rate(opt, args, epoch, step, steps_per_epoch):
    """Schedule.java: constant, or one epoch of linear warm-up then cosine decay to 0."""
    if args.schedule == "constant":
        return
    n = (epoch - 1) * steps_per_epoch + step + 1  # Schedule.rate counts updates from 1
    warm, total = steps_per_epoch, args.epochs * steps_per_epoch
    if n <= warm:
        rate = args.learning_rate * n / warm
    else:
        rate = args.learning_rate * 0.5 * (1 + math.cos(math.pi * min(1.0, (n - warm) / max(1, total - warm))))
    for g in opt.param_groups:
        g["lr"] = rate


def predict(torch, model, forward, x, batch, count):
    """count predictions in batches over the test images (from the first again if there are fewer)."""
    model.eval()
    with torch.no_grad():
        done = 0
        while done < count:
            n = min(batch, count - done, x.shape[0] - done % x.shape[0])
            start = done % x.shape[0]
            forward(model, x[start:start + n]).argmax(1)
            done += n
    model.train()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
