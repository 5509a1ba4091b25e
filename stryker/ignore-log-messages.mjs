// A Stryker ignorer: no mutants in the text of log lines and of DomainError messages.
// - logger.info/warn/error/debug(…, 'text'): the text is for whoever reads the logs; the
//   structured fields beside it are still mutated.
// - new DomainError(kind, 'text', code): clients branch on the kind (the HTTP status) and the
//   stable code (the console translates the code, src/console/public/js); the English text is a
//   fallback. Kind and code are still mutated.
const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

function isLogCall(call) {
  const callee = call.node.callee;
  if (callee?.type !== 'MemberExpression' || callee.property?.type !== 'Identifier') return false;
  if (!LOG_METHODS.has(callee.property.name)) return false;
  const target = callee.object;
  const name =
    target.type === 'Identifier'
      ? target.name
      : target.type === 'MemberExpression' && target.property?.type === 'Identifier'
        ? target.property.name
        : '';
  return /logger$/i.test(name);
}

function isDomainErrorMessage(path) {
  const parent = path.parentPath;
  return (
    parent?.isNewExpression() === true &&
    parent.node.callee.type === 'Identifier' &&
    parent.node.callee.name === 'DomainError' &&
    parent.node.arguments[1] === path.node
  );
}

const ignorer = {
  shouldIgnore(path) {
    if (!(path.isStringLiteral() || path.isTemplateLiteral())) return undefined;
    if (isDomainErrorMessage(path)) return 'the English text of a DomainError (clients use its kind and code)';
    const parent = path.parentPath;
    if (parent?.isCallExpression() && parent.node.arguments.includes(path.node) && isLogCall(parent))
      return 'the text of a log line';
    return undefined;
  },
};

export const strykerPlugins = [{ kind: 'Ignore', name: 'log-messages', value: ignorer }];
