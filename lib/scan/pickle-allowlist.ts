// Which globals a pickle may import and still be called safe. Unpickling an import is harmless;
// what runs code is calling it (REDUCE, NEWOBJ, OBJ, INST) or setting state on what it made
// (BUILD), and the arguments can only be values the same pickle builds. So the list holds callables
// that, given such values, only build data: numpy array and dtype reconstruction, builtins that
// make containers, copyreg's reconstructors (which call the class they are given: that class is an
// import of its own and checked the same way), PyTorch's tensor rebuild helpers, joblib's array
// wrapper, and scikit-learn estimator classes (below). Everything else is a finding, including
// helpers that look like data but resolve names or open files: numpy's `_ufunc_reconstruct`
// (getattr on any module), `numpy.load`, `torch.storage._load_from_bytes` (a nested torch.load),
// joblib's `NDArrayWrapper` (loads a path named in the pickle), `builtins.getattr`/`eval`/`type`.

import { SKLEARN_CLASS_NAMES } from "./sklearn-classes";

/**
 * What calling an allowed global gives, for the one place the scanner must know an object's class:
 * joblib reads raw array bytes after BUILD-ing an instance of its array wrapper.
 *   self  an instance of the global itself (a class)
 *   arg0  an instance of the class passed as the first argument (copyreg, numpy _reconstruct)
 *   data  a value that is never a wrapper (arrays, tensors, sets, scalars)
 *   unknown  anything (the scanner then refuses a joblib BUILD on it)
 */
export type CallResult = "self" | "arg0" | "data" | "unknown";

const NUMPY_SCALARS = [
  "bool_",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "intc",
  "uintc",
  "longlong",
  "ulonglong",
  "float16",
  "float32",
  "float64",
  "longdouble",
  "complex64",
  "complex128",
  "clongdouble",
  "str_",
  "bytes_",
  "datetime64",
  "timedelta64",
];
const TORCH_STORAGES = [
  "Double",
  "Float",
  "Half",
  "BFloat16",
  "Long",
  "Int",
  "Short",
  "Char",
  "Byte",
  "Bool",
  "ComplexDouble",
  "ComplexFloat",
  "QUInt8",
  "QInt8",
  "QInt32",
  "QUInt4x2",
  "QUInt2x4",
];
const TORCH_DTYPES = [
  "float64",
  "float32",
  "float16",
  "bfloat16",
  "int64",
  "int32",
  "int16",
  "int8",
  "uint8",
  "bool",
  "complex64",
  "complex128",
  "qint8",
  "quint8",
  "qint32",
  "float8_e4m3fn",
  "float8_e5m2",
];

export const JOBLIB_ARRAY_WRAPPERS: ReadonlySet<string> = new Set([
  "joblib.numpy_pickle.NumpyArrayWrapper",
  "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper",
]);

const BUILT_IN: Record<string, CallResult> = {
  // builtins that build data (no attribute access, no imports, no code).
  ...Object.fromEntries(
    [
      "set",
      "frozenset",
      "slice",
      "complex",
      "bytearray",
      "bytes",
      "range",
      "int",
      "float",
      "str",
      "bool",
      "tuple",
      "list",
      "dict",
      "object",
    ].map((n) => [`builtins.${n}`, "self"]),
  ),
  "collections.OrderedDict": "self",
  // Protocol 0-1 pickles of plain objects, and bytes in protocol 2 (`_codecs.encode(text, "latin1")`).
  "copyreg._reconstructor": "arg0",
  "copyreg.__newobj__": "arg0",
  "copyreg.__newobj_ex__": "arg0",
  "_codecs.encode": "data",
  // numpy: arrays, dtypes, scalars and the random generators estimators keep as random_state.
  ...Object.fromEntries(
    ["numpy.core", "numpy._core"].flatMap((m) => [
      [`${m}.multiarray._reconstruct`, "arg0"],
      [`${m}.multiarray.scalar`, "data"],
      [`${m}.numeric._frombuffer`, "data"],
    ]),
  ),
  "numpy.ndarray": "self",
  // Masked arrays (a grid search's cv_results_).
  "numpy.ma.core._mareconstruct": "arg0",
  "numpy.ma.core.MaskedArray": "self",
  "numpy.dtype": "self",
  ...Object.fromEntries(NUMPY_SCALARS.map((n) => [`numpy.${n}`, "self"])),
  "numpy.random._pickle.__randomstate_ctor": "data",
  "numpy.random._pickle.__generator_ctor": "data",
  "numpy.random._pickle.__bit_generator_ctor": "arg0",
  "numpy.random.bit_generator.__pyx_unpickle_SeedSequence": "arg0",
  "numpy.random.bit_generator.SeedSequence": "self",
  "numpy.random.mtrand.RandomState": "self",
  "numpy.random._generator.Generator": "self",
  "numpy.random._mt19937.MT19937": "self",
  "numpy.random._pcg64.PCG64": "self",
  "numpy.random._pcg64.PCG64DXSM": "self",
  "numpy.random._philox.Philox": "self",
  "numpy.random._sfc64.SFC64": "self",
  // joblib writes arrays as a wrapper followed by their raw bytes (handled by the scanner).
  ...Object.fromEntries([...JOBLIB_ARRAY_WRAPPERS].map((n) => [n, "self"])),
  // scipy sparse matrices (text vectorizers): built by __new__ and a dict of arrays, no code.
  ...Object.fromEntries(
    ["csr", "csc", "coo", "dia", "dok", "lil", "bsr"].flatMap((f) =>
      [`scipy.sparse._${f}`, `scipy.sparse.${f}`].flatMap((m) => [
        [`${m}.${f}_matrix`, "self"],
        [`${m}.${f}_array`, "self"],
      ]),
    ),
  ),
  // scikit-learn's own helpers that pickles of estimators use (see sklearnHelper for the rest).
  "sklearn.metrics._scorer._passthrough_scorer": "data",
  // PyTorch checkpoints (data.pkl): tensors are rebuilt from storages named by persistent ids.
  "torch._utils._rebuild_tensor": "data",
  "torch._utils._rebuild_tensor_v2": "data",
  "torch._utils._rebuild_tensor_v3": "data",
  "torch._utils._rebuild_parameter": "data",
  "torch._utils._rebuild_parameter_with_state": "data",
  "torch._utils._rebuild_qtensor": "data",
  "torch._utils._rebuild_sparse_tensor": "data",
  "torch._utils._rebuild_meta_tensor_no_storage": "data",
  "torch._utils._rebuild_wrapper_subclass": "unknown",
  "torch._tensor._rebuild_from_type_v2": "unknown",
  "torch.serialization._get_layout": "data",
  "torch.Size": "self",
  "torch.device": "self",
  "torch.Tensor": "self",
  "torch.nn.parameter.Parameter": "self",
  "torch.storage.UntypedStorage": "self",
  "torch.storage.TypedStorage": "self",
  ...Object.fromEntries(
    TORCH_STORAGES.map((n) => [`torch.${n}Storage`, "self"]),
  ),
  ...Object.fromEntries(TORCH_DTYPES.map((n) => [`torch.${n}`, "data"])),
  ...Object.fromEntries(
    [
      "strided",
      "sparse_coo",
      "sparse_csr",
      "sparse_csc",
      "sparse_bsr",
      "sparse_bsc",
      "_mkldnn",
    ].map((n) => [`torch.${n}`, "data"]),
  ),
  ...Object.fromEntries(
    [
      "per_tensor_affine",
      "per_channel_affine",
      "per_tensor_symmetric",
      "per_channel_symmetric",
      "per_channel_affine_float_qparams",
    ].map((n) => [`torch.${n}`, "data"]),
  ),
};

/**
 * Python 3 maps these Python 2 module names when it loads an old pickle (`fix_imports`); the
 * allowlist speaks Python 3. Other renamed names stay as written and so are findings.
 */
const PY2_MODULES: Record<string, string> = {
  __builtin__: "builtins",
  copy_reg: "copyreg",
};

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Parts of scikit-learn that are not estimators: test helpers build temp files and mocks, and
// `externals` vendored third-party code (its joblib array wrapper is listed above by name).
const SKLEARN_NOT_ESTIMATORS = new Set([
  "tests",
  "testing",
  "_testing",
  "estimator_checks",
  "externals",
  "conftest",
  "_build_utils",
  "_mocking",
]);

export function normalizeModule(module: string): string {
  return PY2_MODULES[module] ?? module;
}

/**
 * scikit-learn: a class defined by scikit-learn, by name, in any scikit-learn module outside its
 * test helpers. A pickle names a class by the module that defines it, and estimators move between
 * private modules across releases (`sklearn.linear_model.logistic` -> `._logistic`), so the check
 * is by name, not by path. It is a list of class names, not a rule like "capitalised", because
 * scikit-learn modules also import other libraries' classes (`gzip.GzipFile`,
 * `tempfile.TemporaryDirectory`, `joblib.Memory`, `abc.ABCMeta`...), reachable by the same path
 * and harmful to call. An estimator's constructor only stores its parameters, and its state is
 * arrays and numbers; a callable it holds (a FunctionTransformer's func) is an import of its own.
 */
function sklearnModule(module: string): boolean {
  const parts = module.split(".");
  return (
    parts[0] === "sklearn" &&
    parts.every((p) => IDENT.test(p)) &&
    !parts.some((p) => SKLEARN_NOT_ESTIMATORS.has(p))
  );
}

/**
 * Cython's pickle support in scikit-learn's compiled modules: `__pyx_unpickle_<Class>(type,
 * checksum, state)` and `newObj(type)` make an instance of the class they are given (which is an
 * import of its own) and set its fields; neither resolves a name or runs anything else.
 */
function sklearnHelper(name: string): boolean {
  if (name === "newObj") return true;
  const pyx = /^__pyx_unpickle_(\w+)$/.exec(name);
  return Boolean(pyx?.[1] && SKLEARN_CLASS_NAMES.has(pyx[1]));
}

/** How calling this global behaves, or null when it is outside the allowlist. */
export function allowedGlobal(
  module: string,
  name: string,
  extra: ReadonlySet<string> = new Set(),
): CallResult | null {
  const full = `${normalizeModule(module)}.${name}`;
  const known = BUILT_IN[full];
  if (known) return known;
  if (sklearnModule(module) && SKLEARN_CLASS_NAMES.has(name)) return "self";
  if (sklearnModule(module) && sklearnHelper(name)) return "arg0";
  if (extra.has(full)) return "unknown";
  return null;
}

/** `module.name` as shown to people: control characters and spaces escaped, long names cut. */
export function displayName(module: string, name: string): string {
  const full = `${module}.${name}`;
  const shown = full.replace(
    /[\s\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}
