"""Fashion-MNIST with a small CNN, written the way common public PyTorch examples are (pytorch/examples' mnist/main.py):
its own arguments, its own progress lines, a test line after each epoch. It knows nothing of carbonlab; the study
experiments/byo-script.yaml measures it unchanged, reading its test accuracy and its epochs from these lines.

Data: the four Fashion-MNIST IDX .gz files in --data (the subset bundled with carbonlab by default).
"""
import argparse
import gzip
import os
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "src", "main", "resources", "org", "carbonlab", "workload",
                            "fashion-mnist-subset")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, 1)
        self.conv2 = nn.Conv2d(16, 32, 3, 1)
        self.dropout = nn.Dropout(0.25)
        self.fc1 = nn.Linear(32 * 12 * 12, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.dropout(torch.flatten(x, 1))
        return F.log_softmax(self.fc2(F.relu(self.fc1(x))), dim=1)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, count = struct.unpack(">II", raw[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", raw[8:16])
        return torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).reshape(count, 1, rows, cols)
    return torch.frombuffer(bytearray(raw[8:]), dtype=torch.uint8).long()


def load(directory, kind, limit):
    x = read_idx(os.path.join(directory, kind + "-images-idx3-ubyte.gz")).float() / 255.0
    y = read_idx(os.path.join(directory, kind + "-labels-idx1-ubyte.gz"))
    x = (x - 0.2860) / 0.3530
    return (x[:limit], y[:limit]) if limit else (x, y)


def train(args, model, data, optimizer, epoch):
    model.train()
    x, y = data
    order = torch.randperm(len(x))
    for batch, start in enumerate(range(0, len(x), args.batch_size)):
        idx = order[start:start + args.batch_size]
        optimizer.zero_grad()
        loss = F.nll_loss(model(x[idx]), y[idx])
        loss.backward()
        optimizer.step()
        if batch % args.log_interval == 0:
            print("Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                epoch, start, len(x), 100. * start / len(x), loss.item()), flush=True)


def test(model, data):
    model.eval()
    x, y = data
    with torch.no_grad():
        out = model(x)
        loss = F.nll_loss(out, y, reduction="sum").item() / len(x)
        correct = out.argmax(dim=1).eq(y).sum().item()
    print("\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.2f}%)\n".format(
        loss, correct, len(x), 100. * correct / len(x)), flush=True)


def main():
    parser = argparse.ArgumentParser(description="Fashion-MNIST example")
    parser.add_argument("--batch-size", type=int, default=64, metavar="N", help="input batch size for training")
    parser.add_argument("--epochs", type=int, default=2, metavar="N", help="number of epochs to train")
    parser.add_argument("--lr", type=float, default=1e-3, metavar="LR", help="learning rate")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed")
    parser.add_argument("--train-examples", type=int, default=4000, metavar="N", help="0: all")
    parser.add_argument("--log-interval", type=int, default=20, metavar="N", help="batches between log lines")
    parser.add_argument("--data", default=DEFAULT_DATA, help="directory of the Fashion-MNIST IDX .gz files")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    start = time.time()
    train_data = load(args.data, "train", args.train_examples)
    test_data = load(args.data, "t10k", 0)
    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    print("Loaded {} training and {} test images in {:.2f}s; torch {}, {} threads".format(
        len(train_data[0]), len(test_data[0]), time.time() - start, torch.__version__, torch.get_num_threads()),
        flush=True)
    for epoch in range(1, args.epochs + 1):
        train(args, model, train_data, optimizer, epoch)
        test(model, test_data)


if __name__ == "__main__":
    main()
