#!/usr/bin/env python3
"""Writes a synthetic Windows driver tree of N translation units and its
compile_commands.json, for bench/run.sh.

    python3 bench/gen.py N OUTDIR [--seed S]
    python3 bench/gen.py --commands syntax|analyze OUTDIR/compile_commands.json

The tree is a set of drivers (about 8 TUs each) over the mingw-w64 DDK
headers and wdk-shim/, as samples/ and tests/checkers/ are: WDM DriverEntry
with device creation, METHOD_BUFFERED / METHOD_NEITHER / direct I/O IOCTL
handlers, read and write handlers mapping MDLs, KMDF EvtIoDeviceControl with
WdfRequestRetrieve*Buffer, ntifs.h-based file system helpers with string
routines, pool allocation, lists and locks. Sizes, case counts and which
handlers check their lengths, NULL results and probes vary with the seed;
some TUs carry the shapes the rules look for (deprecated and executable pool,
banned string routines, unchecked MDL mappings, unsecured device names,
unchecked buffer lengths, unprobed user pointers), most are correct code.
The same N and seed always give the same tree.
"""
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSROOT = "/usr/x86_64-w64-mingw32"

FLAGS = [
    "clang-19", "--target=x86_64-w64-mingw32", "-fms-extensions",
    "--sysroot=" + SYSROOT, "-isystem", os.path.join(ROOT, "wdk-shim"),
    "-isystem", SYSROOT + "/include/ddk", "-D_WIN64", "-D_AMD64_", "-DAMD64",
    "-D_KERNEL_MODE", "-DWINNT=1", "-D_WIN32_WINNT=0x0A00", "-DWINVER=0x0A00",
    "-DNTDDI_VERSION=0x0A000008", "-DDEPRECATE_DDK_FUNCTIONS=1", "-DDBG=1",
]
KMDF_FLAGS = ["-DKMDF_VERSION_MAJOR=1", "-DKMDF_VERSION_MINOR=15"]


def header(drv, n_ioctls, rnd):
    """The driver's private header: device extension, IOCTL codes, payloads."""
    p = drv.upper()
    lines = [f"/* {drv}.h - private definitions of the {drv} driver */",
             "#pragma once", "#include <ntddk.h>", "#include <ntstrsafe.h>", "",
             f"#define {p}_TAG '{drv[:4].ljust(4, 'x')}'",
             f"#define {p}_MAX_ITEMS {rnd.choice([16, 32, 64, 128])}", ""]
    methods = ["METHOD_BUFFERED", "METHOD_BUFFERED", "METHOD_IN_DIRECT",
               "METHOD_OUT_DIRECT", "METHOD_NEITHER"]
    for i in range(n_ioctls):
        m = methods[i % len(methods)]
        lines.append(f"#define IOCTL_{p}_OP{i} CTL_CODE(FILE_DEVICE_UNKNOWN, "
                     f"0x{0x800 + i:x}, {m}, FILE_ANY_ACCESS)")
    lines.append("")
    for i in range(n_ioctls):
        fields = "".join(f"    ULONG Field{j};\n" for j in range(rnd.randint(2, 6)))
        lines.append(f"typedef struct _{p}_REQ{i} {{\n    ULONG Version;\n{fields}"
                     f"    UCHAR Payload[{rnd.choice([8, 16, 32, 64])}];\n}} "
                     f"{p}_REQ{i}, *P{p}_REQ{i};\n")
    lines.append(f"""typedef struct _{p}_ITEM {{
    LIST_ENTRY Link;
    ULONG Id;
    ULONG Size;
    UCHAR Data[32];
}} {p}_ITEM, *P{p}_ITEM;

typedef struct _{p}_EXTENSION {{
    PDEVICE_OBJECT Self;
    KSPIN_LOCK Lock;
    LIST_ENTRY Items;
    ULONG ItemCount;
    ULONG NextId;
    UCHAR Frame[256];
    ULONG FrameLength;
    UNICODE_STRING Name;
}} {p}_EXTENSION, *P{p}_EXTENSION;

NTSTATUS {drv}Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information);
NTSTATUS {drv}AddItem(P{p}_EXTENSION Ext, const UCHAR *Data, ULONG Size);
VOID {drv}FreeItems(P{p}_EXTENSION Ext);
""")
    return "\n".join(lines)


def common_c(drv, rnd):
    """Completion, a locked list and pool use."""
    p = drv.upper()
    pool = ("ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*item), " + p + "_TAG)"
            if rnd.random() < 0.8 else
            "ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*item), " + p + "_TAG)")
    return f"""/* common.c - completion and the item list of {drv} */
#include "{drv}.h"

NTSTATUS
{drv}Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}}

NTSTATUS
{drv}AddItem(P{p}_EXTENSION Ext, const UCHAR *Data, ULONG Size)
{{
    P{p}_ITEM item;
    KIRQL irql;

    if (Size > sizeof(item->Data)) {{
        return STATUS_INVALID_PARAMETER;
    }}
    item = {pool};
    if (item == NULL) {{
        return STATUS_INSUFFICIENT_RESOURCES;
    }}
    RtlZeroMemory(item, sizeof(*item));
    RtlCopyMemory(item->Data, Data, Size);
    item->Size = Size;
    KeAcquireSpinLock(&Ext->Lock, &irql);
    if (Ext->ItemCount >= {p}_MAX_ITEMS) {{
        KeReleaseSpinLock(&Ext->Lock, irql);
        ExFreePoolWithTag(item, {p}_TAG);
        return STATUS_QUOTA_EXCEEDED;
    }}
    item->Id = Ext->NextId++;
    InsertTailList(&Ext->Items, &item->Link);
    Ext->ItemCount++;
    KeReleaseSpinLock(&Ext->Lock, irql);
    return STATUS_SUCCESS;
}}

VOID
{drv}FreeItems(P{p}_EXTENSION Ext)
{{
    KIRQL irql;

    KeAcquireSpinLock(&Ext->Lock, &irql);
    while (!IsListEmpty(&Ext->Items)) {{
        PLIST_ENTRY entry = RemoveHeadList(&Ext->Items);
        P{p}_ITEM item = CONTAINING_RECORD(entry, {p}_ITEM, Link);
        Ext->ItemCount--;
        ExFreePoolWithTag(item, {p}_TAG);
    }}
    KeReleaseSpinLock(&Ext->Lock, irql);
}}

ULONG
{drv}Checksum(const UCHAR *Data, ULONG Size)
{{
    ULONG sum = 0;
    ULONG i;

    for (i = 0; i < Size; i++) {{
        sum = (sum << 1) ^ Data[i];
        if (sum & 0x80000000) {{
            sum ^= 0x04C11DB7;
        }}
    }}
    return sum;
}}
"""


def entry_c(drv, rnd):
    """DriverEntry: device, symbolic link, dispatch table."""
    p = drv.upper()
    secure = rnd.random() < 0.85
    chars = "FILE_DEVICE_SECURE_OPEN" if secure else "0"
    strcopy = ("RtlStringCbCopyW(linkBuffer, sizeof(linkBuffer), L\"\\\\DosDevices\\\\" + drv + "\")"
               if rnd.random() < 0.85 else
               "(wcscpy(linkBuffer, L\"\\\\DosDevices\\\\" + drv + "\"), STATUS_SUCCESS)")
    return f"""/* driver.c - DriverEntry and unload of {drv} */
#include "{drv}.h"

DRIVER_UNLOAD {drv}Unload;
DRIVER_DISPATCH {drv}CreateClose;
DRIVER_DISPATCH {drv}DeviceControl;
DRIVER_DISPATCH {drv}Read;
DRIVER_DISPATCH {drv}Write;

static WCHAR linkBuffer[64];

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(L"\\\\Device\\\\{drv}");
    UNICODE_STRING linkName;
    PDEVICE_OBJECT device = NULL;
    P{p}_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof({p}_EXTENSION), &deviceName,
                            FILE_DEVICE_UNKNOWN, {chars}, FALSE, &device);
    if (!NT_SUCCESS(status)) {{
        return status;
    }}
    ext = device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = device;
    KeInitializeSpinLock(&ext->Lock);
    InitializeListHead(&ext->Items);
    device->Flags |= DO_DIRECT_IO;

    status = {strcopy};
    if (!NT_SUCCESS(status)) {{
        IoDeleteDevice(device);
        return status;
    }}
    RtlInitUnicodeString(&linkName, linkBuffer);
    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {{
        IoDeleteDevice(device);
        return status;
    }}

    DriverObject->MajorFunction[IRP_MJ_CREATE] = {drv}CreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = {drv}CreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = {drv}DeviceControl;
    DriverObject->MajorFunction[IRP_MJ_READ] = {drv}Read;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = {drv}Write;
    DriverObject->DriverUnload = {drv}Unload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}}

VOID
{drv}Unload(PDRIVER_OBJECT DriverObject)
{{
    UNICODE_STRING linkName;
    PDEVICE_OBJECT device = DriverObject->DeviceObject;

    RtlInitUnicodeString(&linkName, linkBuffer);
    IoDeleteSymbolicLink(&linkName);
    if (device != NULL) {{
        {drv}FreeItems(device->DeviceExtension);
        IoDeleteDevice(device);
    }}
}}

NTSTATUS
{drv}CreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{{
    UNREFERENCED_PARAMETER(DeviceObject);
    return {drv}Complete(Irp, STATUS_SUCCESS, 0);
}}
"""


def ioctl_c(drv, n_ioctls, rnd):
    """One handler per IOCTL and the dispatch switch."""
    p = drv.upper()
    methods = ["METHOD_BUFFERED", "METHOD_BUFFERED", "METHOD_IN_DIRECT",
               "METHOD_OUT_DIRECT", "METHOD_NEITHER"]
    out = [f"/* ioctl.c - IOCTL handlers of {drv} */", f'#include "{drv}.h"', ""]
    cases = []
    for i in range(n_ioctls):
        m = methods[i % len(methods)]
        t = f"{p}_REQ{i}"
        checked = rnd.random() < 0.85
        if m == "METHOD_NEITHER":
            probe = rnd.random() < 0.85
            body = f"""    P{t} user = IoStack->Parameters.DeviceIoControl.Type3InputBuffer;
    {t} local;

    if (IoStack->Parameters.DeviceIoControl.InputBufferLength < sizeof(local)) {{
        return STATUS_BUFFER_TOO_SMALL;
    }}
    __try {{
{"        ProbeForRead(user, sizeof(local), sizeof(ULONG));" if probe else ""}
        RtlCopyMemory(&local, user, sizeof(local));
    }} __except (EXCEPTION_EXECUTE_HANDLER) {{
        return GetExceptionCode();
    }}
    *Information = 0;
    return {drv}AddItem(Ext, local.Payload, sizeof(local.Payload));"""
        elif m == "METHOD_OUT_DIRECT":
            null_check = rnd.random() < 0.85
            body = f"""    PUCHAR out;
    ULONG length = IoStack->Parameters.DeviceIoControl.OutputBufferLength;

    if (Irp->MdlAddress == NULL || length < Ext->FrameLength) {{
        return STATUS_BUFFER_TOO_SMALL;
    }}
    out = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
{"    if (out == NULL) {" if null_check else "    if (length == 0) {"}
        return STATUS_INSUFFICIENT_RESOURCES;
    }}
    RtlCopyMemory(out, Ext->Frame, Ext->FrameLength);
    *Information = Ext->FrameLength;
    return STATUS_SUCCESS;"""
        else:
            check = (f"""    if (IoStack->Parameters.DeviceIoControl.InputBufferLength < sizeof({t})) {{
        return STATUS_BUFFER_TOO_SMALL;
    }}
""" if checked else "")
            body = f"""    P{t} req = Irp->AssociatedIrp.SystemBuffer;
    ULONG sum;

{check}    if (req->Version != {i + 1}) {{
        return STATUS_REVISION_MISMATCH;
    }}
    sum = req->Field0 ^ req->Field1;
    if (sum == 0) {{
        return STATUS_INVALID_PARAMETER;
    }}
    *Information = 0;
    return {drv}AddItem(Ext, req->Payload, sizeof(req->Payload));"""
        out.append(f"""static NTSTATUS
{drv}Op{i}(P{p}_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IoStack, PULONG_PTR Information)
{{
{body}
}}
""")
        cases.append(f"""    case IOCTL_{p}_OP{i}:
        status = {drv}Op{i}(ext, Irp, ioStack, &information);
        break;""")
    out.append(f"""NTSTATUS
{drv}DeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{{
    P{p}_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION ioStack = IoGetCurrentIrpStackLocation(Irp);
    ULONG_PTR information = 0;
    NTSTATUS status;

    switch (ioStack->Parameters.DeviceIoControl.IoControlCode) {{
{chr(10).join(cases)}
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }}
    return {drv}Complete(Irp, status, information);
}}
""")
    return "\n".join(out)


def readwrite_c(drv, rnd):
    """Direct I/O read and write."""
    p = drv.upper()
    null_check = rnd.random() < 0.85
    legacy = rnd.random() < 0.1
    mapping = ("MmGetSystemAddressForMdl(Irp->MdlAddress)" if legacy else
               "MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute)")
    check = ("    if (buffer == NULL) {\n        return " + drv +
             "Complete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);\n    }\n") if null_check else ""
    return f"""/* readwrite.c - direct I/O read and write of {drv} */
#include "{drv}.h"

NTSTATUS
{drv}Read(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{{
    P{p}_EXTENSION ext = DeviceObject->DeviceExtension;
    ULONG length = IoGetCurrentIrpStackLocation(Irp)->Parameters.Read.Length;
    ULONG count;
    PVOID buffer;

    if (length == 0 || Irp->MdlAddress == NULL) {{
        return {drv}Complete(Irp, STATUS_SUCCESS, 0);
    }}
    buffer = {mapping};
{check}    count = min(length, ext->FrameLength);
    RtlCopyMemory(buffer, ext->Frame, count);
    return {drv}Complete(Irp, STATUS_SUCCESS, count);
}}

NTSTATUS
{drv}Write(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{{
    P{p}_EXTENSION ext = DeviceObject->DeviceExtension;
    ULONG length = IoGetCurrentIrpStackLocation(Irp)->Parameters.Write.Length;
    PUCHAR buffer;
    ULONG i;

    if (length == 0 || Irp->MdlAddress == NULL) {{
        return {drv}Complete(Irp, STATUS_SUCCESS, 0);
    }}
    if (length > sizeof(ext->Frame)) {{
        return {drv}Complete(Irp, STATUS_INVALID_BUFFER_SIZE, 0);
    }}
    buffer = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (buffer == NULL) {{
        return {drv}Complete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }}
    for (i = 0; i < length; i++) {{
        ext->Frame[i] = buffer[i] ^ 0x5A;
    }}
    ext->FrameLength = length;
    return {drv}Complete(Irp, STATUS_SUCCESS, length);
}}
"""


def kmdf_c(drv, n_ioctls, rnd):
    """A KMDF queue: EvtIoDeviceControl over WdfRequestRetrieve*Buffer."""
    p = drv.upper()
    out = [f"/* queue.c - KMDF default queue of {drv} */", "#include <ntddk.h>",
           "#include <wdf.h>", "",
           f"typedef struct _{p}_CONTEXT {{ ULONG State[16]; ULONG Count; }} {p}_CONTEXT, *P{p}_CONTEXT;",
           "", f"EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL {drv}EvtIoDeviceControl;", ""]
    cases = []
    for i in range(n_ioctls):
        size = rnd.choice([8, 12, 16, 24])
        short = rnd.random() < 0.15
        out.append(f"""typedef struct _{p}_IN{i} {{ ULONG Index; ULONG Value; UCHAR Extra[{size}]; }} {p}_IN{i};

static NTSTATUS
{drv}Handle{i}(P{p}_CONTEXT Ctx, WDFREQUEST Request, size_t *Information)
{{
    {p}_IN{i} *in;
    NTSTATUS status;

    *Information = 0;
    status = WdfRequestRetrieveInputBuffer(Request, {"sizeof(ULONG)" if short else f"sizeof({p}_IN{i})"}, (PVOID *)&in, NULL);
    if (!NT_SUCCESS(status)) {{
        return status;
    }}
    if (in->Index >= 16) {{
        return STATUS_INVALID_PARAMETER;
    }}
    Ctx->State[in->Index] = in->Value + in->Extra[{size - 1}];
    Ctx->Count++;
    return STATUS_SUCCESS;
}}
""")
        cases.append(f"""    case CTL_CODE(FILE_DEVICE_UNKNOWN, 0x{0x900 + i:x}, METHOD_BUFFERED, FILE_ANY_ACCESS):
        status = {drv}Handle{i}(ctx, Request, &information);
        break;""")
    out.append(f"""VOID
{drv}EvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                        size_t InputBufferLength, ULONG IoControlCode)
{{
    static {p}_CONTEXT context;
    P{p}_CONTEXT ctx = &context;
    size_t information = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {{
{chr(10).join(cases)}
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }}
    WdfRequestCompleteWithInformation(Request, status, information);
}}
""")
    return "\n".join(out)


def names_c(drv, rnd):
    """ntifs.h: a file-name helper with string routines."""
    banned = rnd.random() < 0.15
    copy = ("wcscpy(Out, Prefix);\n    wcscat(Out, Name->Buffer);\n    return STATUS_SUCCESS;" if banned else
            "NTSTATUS status = RtlStringCbCopyW(Out, OutBytes, Prefix);\n"
            "    if (!NT_SUCCESS(status)) {\n        return status;\n    }\n"
            "    return RtlStringCbCatNW(Out, OutBytes, Name->Buffer, Name->Length);")
    return f"""/* names.c - file names for {drv} (ntifs.h) */
#include <ntifs.h>
#include <ntstrsafe.h>

NTSTATUS
{drv}BuildPath(PWCHAR Out, SIZE_T OutBytes, PCWSTR Prefix, PCUNICODE_STRING Name)
{{
    UNREFERENCED_PARAMETER(OutBytes);
    if (Name->Length == 0 || Name->Buffer == NULL) {{
        return STATUS_OBJECT_NAME_INVALID;
    }}
    {copy}
}}

NTSTATUS
{drv}QueryName(PFILE_OBJECT FileObject, PWCHAR Out, SIZE_T OutBytes)
{{
    POBJECT_NAME_INFORMATION info = NULL;
    NTSTATUS status;

    status = IoQueryFileDosDeviceName(FileObject, &info);
    if (!NT_SUCCESS(status)) {{
        return status;
    }}
    status = {drv}BuildPath(Out, OutBytes, L"\\\\??\\\\", &info->Name);
    ExFreePool(info);
    return status;
}}

BOOLEAN
{drv}IsStreamName(PCUNICODE_STRING Name)
{{
    USHORT i;

    for (i = 0; i < Name->Length / sizeof(WCHAR); i++) {{
        if (Name->Buffer[i] == L':') {{
            return TRUE;
        }}
    }}
    return FALSE;
}}
"""


def generate(n, outdir, seed):
    rnd = random.Random(seed)
    outdir = os.path.abspath(outdir)
    src = os.path.join(outdir, "src")
    os.makedirs(src, exist_ok=True)
    entries = []
    count = 0
    drv_index = 0
    while count < n:
        drv = f"drv{drv_index:03d}"
        drv_index += 1
        d = os.path.join(src, drv)
        os.makedirs(d, exist_ok=True)
        n_ioctls = rnd.randint(3, 9)
        files = {
            f"{drv}.h": header(drv, n_ioctls, rnd),
            "common.c": common_c(drv, rnd),
            "driver.c": entry_c(drv, rnd),
            "ioctl.c": ioctl_c(drv, n_ioctls, rnd),
            "readwrite.c": readwrite_c(drv, rnd),
            "queue.c": kmdf_c(drv, rnd.randint(2, 6), rnd),
            "names.c": names_c(drv, rnd),
        }
        for name, text in files.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        for name in files:
            if not name.endswith(".c") or count >= n:
                continue
            args = list(FLAGS) + (KMDF_FLAGS if name == "queue.c" else [])
            args += ["-c", name, "-o", name[:-2] + ".obj"]
            entries.append({"directory": d, "file": name, "arguments": args})
            count += 1
    with open(os.path.join(outdir, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)
    return entries


def clang_commands(db, mode):
    """One shell command per TU: clang-19 -fsyntax-only, or --analyze with
    its default checkers, on the database's own command lines."""
    import shlex
    out = []
    for e in json.load(open(db)):
        args = list(e["arguments"])
        i = args.index("-o")
        del args[i:i + 2]
        args.remove("-c")
        extra = ["-fsyntax-only"] if mode == "syntax" else ["--analyze", "-o", "/dev/null"]
        args[1:1] = extra
        out.append("cd " + shlex.quote(e["directory"]) + " && " +
                   " ".join(shlex.quote(a) for a in args) + " 2>/dev/null")
    return out


def main():
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--commands":
        print("\n".join(clang_commands(args[2], args[1])))
        return
    seed = 1
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    entries = generate(int(args[0]), args[1], seed)
    print(f"{len(entries)} translation units in {args[1]}")


if __name__ == "__main__":
    main()
