-- Drives a README recipe in headless Neovim (0.7 and later): waits for the first diagnostics of the open
-- policy, asks the server for the preferred quick fix of one of them, applies it as Neovim applies a code
-- action, waits for the diagnostics to follow the edit, and writes what it saw to $HLKMS_NVIM_OUT as JSON.
local out = assert(os.getenv('HLKMS_NVIM_OUT'), 'HLKMS_NVIM_OUT is not set')
local timeout = tonumber(os.getenv('HLKMS_NVIM_TIMEOUT') or '20000')
local fix_code = os.getenv('HLKMS_NVIM_FIX') or 'json-syntax'
local v = vim.version()
local result = { nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch) }

local function snapshot(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, { code = d.code, source = d.source, message = d.message, severity = d.severity,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col })
  end
  return list
end

local function wait(what, condition)
  if not vim.wait(timeout, condition, 20) then error(string.format('%s: not within %d ms', what, timeout)) end
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  wait('diagnostics for ' .. vim.api.nvim_buf_get_name(buf), function() return #vim.diagnostic.get(buf) > 0 end)
  result.first = snapshot(buf)

  local target
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == fix_code then target = d; break end
  end
  if not target then error('no ' .. fix_code .. ' diagnostic to fix') end
  -- The diagnostic as LSP has it (positions are bytes here, the same as UTF-16 on ASCII text).
  local diagnostic = {
    range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } },
    message = target.message, code = target.code, source = target.source, severity = target.severity,
    data = target.user_data and target.user_data.lsp and target.user_data.lsp.data or nil,
  }
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = diagnostic.range,
    context = { diagnostics = { diagnostic }, only = { 'quickfix' } },
  }
  local responses, err = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, timeout)
  if not responses then error('code action request failed: ' .. tostring(err)) end
  local action, client_id
  for id, response in pairs(responses) do
    for _, a in ipairs(response.result or {}) do
      if a.isPreferred then action, client_id = a, id end
    end
  end
  if not action then error('no preferred quick fix in ' .. vim.inspect(responses)) end
  result.action = action.title
  vim.lsp.util.apply_workspace_edit(action.edit, vim.lsp.get_client_by_id(client_id).offset_encoding)
  wait('the fixed diagnostic to go', function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == target.code and d.message == target.message then return false end
    end
    return true
  end)
  result.after = snapshot(buf)
  result.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

local ok, err = pcall(run)
if not ok then result.error = tostring(err) end
local file = assert(io.open(out, 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qall!')
